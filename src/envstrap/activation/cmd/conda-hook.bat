REM envstrap @VERSION@: conda CALLs this whenever it deactivates the environment; it runs
REM after every other deactivate.d script (conda runs them in reverse name order; this name
REM sorts first). After `conda deactivate` it finishes what envstrap's activate.bat did in this
REM shell. envstrap's own deactivate runs it too; then it does nothing. Generated; do not edit.
if not defined _ENVSTRAP_ACTIVE exit /b 0
if defined _ENVSTRAP_DEACTIVATING exit /b 0
if defined _ENVSTRAP_SUSPENDED exit /b 0
if not defined CONDA_PREFIX exit /b 0
if /i not "%_ENVSTRAP_ACTIVE%"=="%CONDA_PREFIX:"=%" exit /b 0
REM `conda deactivate` has already taken our first folders off PATH: finish deactivating.
REM Otherwise conda leaves for another environment or reactivates this one (after `conda
REM install`, or `conda activate` of this environment), which cannot be told apart here:
REM suspend (variables as before activation, bookkeeping kept in _ENVSTRAP_* variables);
REM etc\conda\activate.d\000-envstrap.bat resumes if conda activates this environment again.
REM Above level 1 (conda activated this environment again on top of another) conda will come
REM back to it at level 1, so `conda deactivate` suspends there too.
set "_ENVSTRAP_U="
if defined CONDA_SHLVL if not "%CONDA_SHLVL:"=%"=="1" set "_ENVSTRAP_U=1"
if defined _ENVSTRAP_U goto :_envstrap_suspend
if not defined PATH goto :_envstrap_deactivate
REM (PREFIX\bin is compared, not PREFIX: wine's for mangles an item that ends in CJK letters.)
set "_ENVSTRAP_T=%PATH:"=%"
for %%Y in ("%_ENVSTRAP_T:;=" "%") do @if /i "%%~Y"=="%_ENVSTRAP_ACTIVE%\bin" set "_ENVSTRAP_U=1"
set "_ENVSTRAP_T="
if not defined _ENVSTRAP_U goto :_envstrap_deactivate
:_envstrap_suspend
set "_ENVSTRAP_U="
call "%_ENVSTRAP_ACTIVE%\deactivate.bat" --suspend
exit /b 0
:_envstrap_deactivate
call "%_ENVSTRAP_ACTIVE%\deactivate.bat" --conda
exit /b 0
