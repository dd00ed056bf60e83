REM envstrap @VERSION@: conda CALLs this when it deactivates the environment (`conda deactivate`,
REM `conda activate OTHER`), after every other deactivate.d script (conda runs them in reverse
REM name order; this name sorts first). It finishes what envstrap's activate.bat did in this
REM shell; envstrap's own deactivate.bat calls it too, and then it does nothing. Generated; do
REM not edit.
if not defined _ENVSTRAP_ACTIVE exit /b 0
if defined _ENVSTRAP_DEACTIVATING exit /b 0
if not defined CONDA_PREFIX exit /b 0
if /i not "%_ENVSTRAP_ACTIVE%"=="%CONDA_PREFIX:"=%" exit /b 0
call "%_ENVSTRAP_ACTIVE%\deactivate.bat" --conda
exit /b 0
