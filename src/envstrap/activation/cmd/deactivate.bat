REM envstrap @VERSION@: deactivation for cmd.exe. Generated; do not edit.
REM   deactivate: deactivate   (from a batch file: CALL deactivate)
REM Undoes what activate.bat did: deactivate.d hooks in reverse order, then every variable back
REM as it was (defined or not), PATH byte for byte unless it was changed while active.
REM envstrap's conda hooks call it with --conda, --suspend or --resume (docs/conda-interop.md).
REM Lines repeat once per variable on purpose: a CALLed helper would expand each value a
REM second time (a % in it would be lost), so save, restore and checks are unrolled.
set "_ENVSTRAP_RC=0"
set "_ENVSTRAP_CP="
REM --suspend, --resume: from envstrap's conda hooks (docs/conda-interop.md); they print nothing.
if not defined _ENVSTRAP_ACTIVE goto :_envstrap_not_active
if "%~1"=="--suspend" goto :_envstrap_suspend
if "%~1"=="--resume" goto :_envstrap_resume
:_envstrap_not_active
call :_envstrap_codepage_save
if defined _ENVSTRAP_ACTIVE goto :_envstrap_active
set "_ENVSTRAP_MSG=envstrap: no environment was activated in this shell; nothing to do."
call :_envstrap_say
set "_ENVSTRAP_RC=1"
goto :_envstrap_end

:_envstrap_active
if not defined _ENVSTRAP_SUSPENDED goto :_envstrap_not_suspended
set "_ENVSTRAP_MSG=envstrap: '%_ENVSTRAP_ACTIVE%' is not active here: conda activated another environment on top of it; run 'conda deactivate' first."
if defined CONDA_PREFIX set "_ENVSTRAP_MSG=envstrap: '%_ENVSTRAP_ACTIVE%' is not active here: conda activated %CONDA_PREFIX:"=% on top of it; run 'conda deactivate' first."
call :_envstrap_say
set "_ENVSTRAP_RC=1"
goto :_envstrap_end
:_envstrap_not_suspended
REM --conda: conda ran deactivate.d itself, ending with our hook (docs/conda-interop.md).
if "%~1"=="--conda" goto :_envstrap_hooks_done
set "_ENVSTRAP_DEACTIVATING=1"
set "_ENVSTRAP_HOOKS=%_ENVSTRAP_ACTIVE%\@DEACTIVATE_D@"
call :_envstrap_hooks reverse
set "_ENVSTRAP_DEACTIVATING="
:_envstrap_hooks_done
for %%Y in (%_ENVSTRAP_CONFIG_VARS%) do @call :_envstrap_restore_config %%Y

if not defined PATH goto :_envstrap_path_done
set "_ENVSTRAP_T=#%PATH:"=%"
if "%_ENVSTRAP_T%"=="#%_ENVSTRAP_NEW_PATH:"=%" goto :_envstrap_path_restore
REM conda's deactivate takes off all our PATH entries but the last (condabin): hook or not.
set "_ENVSTRAP_U=#%_ENVSTRAP_ACTIVE%\@CONDA_KEEPS@"
if "%_ENVSTRAP_HAD_PATH%"=="1" set "_ENVSTRAP_U=%_ENVSTRAP_U%;%_ENVSTRAP_OLD_PATH:"=%"
if "%_ENVSTRAP_T%"=="%_ENVSTRAP_U%" goto :_envstrap_path_restore
REM PATH was changed while active: take out one occurrence of each entry activation added (the
REM first, wherever it now stands; cmd ignores case); every other change stays (conda's rule).
REM The entries are walked with CALL, which would expand a % or double a ^ once more, and a
REM quote would split the walk: with any of them in PATH, PATH is left as it is.
if not "%_ENVSTRAP_T%"=="#%PATH:"=""%" goto :_envstrap_path_kept
for /f "tokens=2 delims=%%^" %%Y in ("%_ENVSTRAP_T%#") do @goto :_envstrap_path_kept
set "_ENVSTRAP_R=#"
for %%Y in ("%PATH:;=" "%") do @call :_envstrap_path_entry "%%~Y"
if "%_ENVSTRAP_R%"=="#" set "PATH="
if not "%_ENVSTRAP_R%"=="#" set "PATH=%_ENVSTRAP_R:*#;=%"
goto :_envstrap_path_done
:_envstrap_path_kept
set "_ENVSTRAP_MSG=envstrap: PATH was changed while active and holds a double quote, %% or ^, which deactivate.bat cannot walk; left as it is."
call :_envstrap_say
goto :_envstrap_path_done
:_envstrap_path_restore
if "%_ENVSTRAP_HAD_PATH%"=="1" set "PATH=%_ENVSTRAP_OLD_PATH%"
if not "%_ENVSTRAP_HAD_PATH%"=="1" set "PATH="
:_envstrap_path_done
set "_ENVSTRAP_OLD_PATH="
set "_ENVSTRAP_HAD_PATH="

@RESTORE@
if not defined _ENVSTRAP_PROMPT goto :_envstrap_prompt_done
if "%_ENVSTRAP_HAD_PROMPT%"=="1" set "PROMPT=%_ENVSTRAP_OLD_PROMPT%"
if not "%_ENVSTRAP_HAD_PROMPT%"=="1" set "PROMPT="
set "_ENVSTRAP_OLD_PROMPT="
set "_ENVSTRAP_HAD_PROMPT="
:_envstrap_prompt_done
set "_ENVSTRAP_PROMPT="
set "_ENVSTRAP_NEW_PATH="
set "_ENVSTRAP_ADDED_PATH="
set "_ENVSTRAP_CONFIG_VARS="
set "_ENVSTRAP_ACTIVE="
goto :_envstrap_end

:_envstrap_suspend
REM conda leaves for another environment or reactivates this one: every variable back as it
REM was before activation, activation's values kept for the resume (PATH is conda's).
if defined _ENVSTRAP_SUSPENDED goto :_envstrap_end
@SUSPEND@
for %%Y in (%_ENVSTRAP_CONFIG_VARS%) do @call :_envstrap_suspend_config %%Y
if not defined _ENVSTRAP_PROMPT goto :_envstrap_suspended
@SUSPEND_PROMPT@
:_envstrap_suspended
set "_ENVSTRAP_SUSPENDED=1"
goto :_envstrap_end

:_envstrap_resume
REM conda activated this environment again: activation's values back, as the suspend kept them.
if not defined _ENVSTRAP_SUSPENDED goto :_envstrap_end
@RESUME@
for %%Y in (%_ENVSTRAP_CONFIG_VARS%) do @call :_envstrap_resume_config %%Y
if not defined _ENVSTRAP_PROMPT goto :_envstrap_resumed
@RESUME_PROMPT@
:_envstrap_resumed
set "_ENVSTRAP_SUSPENDED="
goto :_envstrap_end

:_envstrap_suspend_config
REM %1: a config var name, checked when it was saved.
set "_ENVSTRAP_NHAD_%1=0"
if defined %1 set "_ENVSTRAP_NHAD_%1=1"
if defined %1 call set "_ENVSTRAP_NEW_%1=%%%1%%"
call set "_ENVSTRAP_T=%%_ENVSTRAP_HAD_%1%%"
if "%_ENVSTRAP_T%"=="1" call set "%1=%%_ENVSTRAP_OLD_%1%%"
if not "%_ENVSTRAP_T%"=="1" set "%1="
exit /b 0

:_envstrap_resume_config
REM %1: a config var name, checked when it was saved.
call set "_ENVSTRAP_T=%%_ENVSTRAP_NHAD_%1%%"
if "%_ENVSTRAP_T%"=="1" call set "%1=%%_ENVSTRAP_NEW_%1%%"
if not "%_ENVSTRAP_T%"=="1" set "%1="
set "_ENVSTRAP_NEW_%1="
set "_ENVSTRAP_NHAD_%1="
exit /b 0

:_envstrap_path_entry
REM %1: one PATH entry, quoted. The first copy of each entry activation added is left out.
@PATH_MATCH@
set "_ENVSTRAP_R=%_ENVSTRAP_R%;%~1"
exit /b 0

