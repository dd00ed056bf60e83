REM envstrap @VERSION@: conda CALLs this when it activates the environment, before the other
REM activate.d scripts (conda runs them in name order; this name sorts first). If envstrap's
REM deactivate.d hook suspended envstrap's activation in this shell (conda reactivating the
REM environment, or coming back to it from another), it resumes it. Generated; do not edit.
if not defined _ENVSTRAP_SUSPENDED exit /b 0
if not defined _ENVSTRAP_ACTIVE exit /b 0
REM (a reactivation exports no CONDA_PREFIX: the suspend put back its value from before)
if not defined CONDA_PREFIX goto :_envstrap_resume
if /i not "%_ENVSTRAP_ACTIVE%"=="%CONDA_PREFIX:"=%" exit /b 0
:_envstrap_resume
call "%_ENVSTRAP_ACTIVE%\deactivate.bat" --resume
exit /b 0
