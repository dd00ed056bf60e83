REM envstrap @VERSION@: conda CALLs this whenever it deactivates the environment; it runs
REM after every other deactivate.d script (conda runs them in reverse name order; this name
REM sorts first). After `conda deactivate` it finishes what envstrap's activate.bat did in this
REM shell. envstrap's own deactivate runs it too; then it does nothing. Generated; do not edit.
if not defined _ENVSTRAP_ACTIVE exit /b 0
if defined _ENVSTRAP_DEACTIVATING exit /b 0
if not defined CONDA_PREFIX exit /b 0
if /i not "%_ENVSTRAP_ACTIVE%"=="%CONDA_PREFIX:"=%" exit /b 0
REM Only for `conda deactivate`, which has already taken our first folder off PATH when
REM it runs this: conda runs deactivate.d the same way for `conda activate OTHER` and to
REM reactivate (after `conda install`, or `conda activate` of this environment), and those
REM two cannot be told apart here; envstrap must stay active through a reactivation.
REM (PREFIX\bin is compared, not PREFIX: wine's for mangles an item that ends in CJK letters.)
if not defined PATH call "%_ENVSTRAP_ACTIVE%\deactivate.bat" --conda & exit /b 0
set "_ENVSTRAP_T=%PATH:"=%"
set "_ENVSTRAP_U="
for %%D in ("%_ENVSTRAP_T:;=" "%") do @if /i "%%~D"=="%_ENVSTRAP_ACTIVE%\bin" set "_ENVSTRAP_U=1"
set "_ENVSTRAP_T="
if defined _ENVSTRAP_U set "_ENVSTRAP_U=" & exit /b 0
call "%_ENVSTRAP_ACTIVE%\deactivate.bat" --conda
exit /b 0
