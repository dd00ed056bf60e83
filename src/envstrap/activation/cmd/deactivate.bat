REM envstrap @VERSION@: deactivation for cmd.exe. Generated; do not edit.
REM   deactivate: deactivate   (from a batch file: CALL deactivate)
REM Undoes what activate.bat did: deactivate.d hooks in reverse order, then every variable back
REM as it was (defined or not), PATH byte for byte unless it was changed while active.
REM Lines repeat once per variable on purpose: a CALLed helper would expand each value a
REM second time (a % in it would be lost), so save, restore and checks are unrolled.
set "_ENVSTRAP_RC=0"
call :_envstrap_codepage_save
if defined _ENVSTRAP_ACTIVE goto :_envstrap_active
set "_ENVSTRAP_MSG=envstrap: no environment was activated in this shell; nothing to do."
call :_envstrap_say
set "_ENVSTRAP_RC=1"
goto :_envstrap_end

:_envstrap_active
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

:_envstrap_path_entry
REM %1: one PATH entry, quoted. The first copy of each entry activation added is left out.
@PATH_MATCH@
set "_ENVSTRAP_R=%_ENVSTRAP_R%;%~1"
exit /b 0

