"""The plant kernel's array layouts (numba). Private to :mod:`minegrid.dispatch`.

The rows of a fleet's parameters (``F_*``), of the per-type statistics (``FS_*``) and
trajectories (``FT_*``), and of a block's array S (the types' constants ``TC_*``, their
state ``TA_*``): what :mod:`._plant` fills and collects and :mod:`._plant_steps`
advances.
"""

from __future__ import annotations

from numba import njit

from . import _kernel as K

# ---- fleet parameter rows F (m, n_types, N_FLEET) --------------------------------------------
F_UNIT_KW = 0  # unit rating [kW]
F_N = 1  # units installed [-]
F_MIN_LOAD = 2  # minimum load ratio [-]
F_F0 = 3  # fuel intercept [unit/(h kW rated)]
F_F1 = 4  # fuel slope [unit/kWh]
F_TABLE = 5  # 1: part-load table instead of the line
F_T0 = 6  # fuel of one unit at 0, 25, 50, 75, 100 % of rating: rows F_T0 .. F_T0 + 4 [unit/h]
F_MR = 11  # minimum run time [steps]
F_MD = 12  # minimum down time [steps]
F_C_FIX = 13  # economic dispatch: cost per running unit-hour [currency/h]
F_C_MAR = 14  # economic dispatch: marginal cost [currency/kWh]
N_FLEET = 15

# ---- per-type statistics (m, n_types, N_FLEET_STATS), totals over the period --------------------
FS_UNIT_H = 0  # unit running hours
FS_STARTS = 1
FS_GEN_KWH = 2
FS_FUEL = 3  # fuel by the curve (before start fuel) [unit]
FS_MAX_UNITS = 4
FS_FLEET_H = 5  # hours with at least one unit of the type running
N_FLEET_STATS = 6

# ---- per-type trajectory columns (n, n_types, N_FLEET_TRAJ) ---------------------------------
FT_UNITS = 0
FT_KW = 1
FT_FUEL = 2  # [unit/h]
N_FLEET_TRAJ = 3

# ---- a block's array S, rows of BLOCK numbers (index row * BLOCK + j): first the one-fleet
# kernel's constant rows (K.C_*), then the types' constants, row K.N_C + X * nt + k --------
TC_UNIT_KW = 0
TC_N = 1
TC_PMIN = 2  # min_load * unit_kw [kW]
TC_INVU = 3  # 1 / unit_kw (0 without a rating)
TC_F0U = 4  # F0 * unit_kw [unit/h]
TC_F1 = 5
TC_TABLE = 6
TC_T0 = 7  # rows TC_T0 .. TC_T0 + 4: the table's points
TC_CFIX = 12
TC_CMAR = 13
TC_WR = 14  # 1: the type has a minimum run time (a window of recent starts), else 0
TC_WD = 15  # 1: the type has a minimum down time
N_TC = 16
# then 3 * nt rows of the step's profiles (the same in every slot): each type's availability,
# its inverse and its fuel multiplier; from there on (row a0 = K.N_C + (N_TC + 3) * nt) the
# state: the one-fleet kernel's rows (K.S_*, K.A_*), then the types', row a0 + K.N_A + X * nt + k
TA_PREV = 0  # units online at the previous step
TA_MUST = 1  # units started less than MR steps ago (a running sum over the window)
TA_OFF = 2  # units stopped less than MD steps ago
TA_ST = 3  # units started at this step
TA_SP = 4  # units stopped at this step
TA_LR = 5  # starts leaving the window of the minimum run time after this step
TA_LD = 6  # stops leaving the window of the minimum down time
TA_U = 7  # scratch of the step: one unit's available capacity
TA_PLO = 8  # one unit's minimum output
TA_HI = 9  # units that may run
TA_LO = 10  # units that must run
TA_NB = 11  # battery-first commitment
TA_NG = 12  # gensets-first commitment
TA_NU = 13  # the chosen one
TA_G = 14  # output of each type
TA_GB = 15  # economic dispatch: loading of each candidate
TA_GG = 16
TA_F = 17  # fuel rate of each type [unit/h]
TA_FS = 18  # rows TA_FS .. TA_FS + N_FLEET_STATS - 1: the per-type statistics
N_TA = TA_FS + N_FLEET_STATS
# then K.N_TRAJ rows: the step's values of the trajectory columns (K.T_*), for recording


@njit(cache=True, nogil=True)
def n_rows(nt):
    """Rows of a block's array S for ``nt`` types."""
    return K.N_C + (N_TC + 3) * nt + K.N_A + N_TA * nt + K.N_TRAJ
