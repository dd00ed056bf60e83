REM envstrap @VERSION@: activation for cmd.exe. Generated; do not edit.
REM   activate:   "C:\path\to\env\activate.bat"   (from a batch file: CALL "...\activate.bat")
REM   deactivate: deactivate                        (this folder comes first on PATH)
REM Plain cmd.exe: no delayed expansion, no ( ) blocks around data, no temporary files. The
REM environment is the folder this file is in; no path is written here.
REM Lines repeat once per variable on purpose: a CALLed helper would expand each value a
REM second time (a % in it would be lost), so save, restore and checks are unrolled.
set "_ENVSTRAP_P=%~dp0"
set "_ENVSTRAP_P=%_ENVSTRAP_P:~0,-1%"
set "_ENVSTRAP_RC=0"
call :_envstrap_codepage_save

REM Characters cmd cannot carry (REFUSED_CHARACTERS in envstrap/layout.py). Under
REM cmd /V:ON a ! is already gone from the path, so the file is not found there.
if not exist "%_ENVSTRAP_P%\@FILENAME@" goto :_envstrap_bad_path
@REFUSED_CHECKS@

if not defined @MARKER@ goto :_envstrap_guard
if /i not "%@MARKER@:"=%"=="%_ENVSTRAP_P%" goto :_envstrap_guard
REM Active only while its folder is on PATH (conda's deactivate takes it off).
set "_ENVSTRAP_U="
if not defined PATH goto :_envstrap_half_active
set "_ENVSTRAP_T=%PATH:"=%"
for %%D in ("%_ENVSTRAP_T:;=" "%") do @if /i "%%~D"=="@ACTIVE_DIR@" set "_ENVSTRAP_U=1"
if not defined _ENVSTRAP_U goto :_envstrap_half_active
set "_ENVSTRAP_MSG=envstrap: '%_ENVSTRAP_P%' is already active in this shell or its parent; nothing to do."
call :_envstrap_say
goto :_envstrap_end
:_envstrap_half_active
REM Under an environment conda activated on top, the guard below names that one.
if not defined CONDA_PREFIX goto :_envstrap_half_active_say
if /i not "%CONDA_PREFIX:"=%"=="%_ENVSTRAP_P%" goto :_envstrap_guard
:_envstrap_half_active_say
set "_ENVSTRAP_MSG=envstrap: cannot activate '%_ENVSTRAP_P%': @MARKER@ names it but it is not on PATH (conda deactivated it without envstrap, or PATH was reset); run '%_ENVSTRAP_P%\deactivate.bat' in the shell that activated it, or open a new shell."
call :_envstrap_say
set "_ENVSTRAP_RC=3"
goto :_envstrap_end

:_envstrap_guard
@GUARD@

REM Values cmd would split (a double quote together with & | < > ^) are refused, not mangled.
@CHECK_VALUES@

REM Guard passed: from here on the shell is changed, and deactivate.bat undoes every change.
@SAVE@
set "_ENVSTRAP_NAME=%_ENVSTRAP_P%"
:_envstrap_name
if "%_ENVSTRAP_NAME:\=%"=="%_ENVSTRAP_NAME%" goto :_envstrap_name_done
set "_ENVSTRAP_NAME=%_ENVSTRAP_NAME:*\=%"
goto :_envstrap_name
:_envstrap_name_done
@UNSAFE@

set "_ENVSTRAP_ADDED_PATH=@PATH_DIRS@"
if defined PATH set "PATH=%_ENVSTRAP_ADDED_PATH%;%PATH%"
if not defined PATH set "PATH=%_ENVSTRAP_ADDED_PATH%"
@SET_VARS@
for %%A in (@UNSET_VARS@) do @set "%%A="
set "_ENVSTRAP_NEW_PATH=%PATH%"
set "_ENVSTRAP_CONFIG_VARS="
call :_envstrap_config_vars
if defined @PROMPT_OPT_OUT@ goto :_envstrap_prompt_done
set "_ENVSTRAP_PROMPT=1"
set "_ENVSTRAP_HAD_PROMPT=0"
if defined PROMPT set "_ENVSTRAP_HAD_PROMPT=1"
if defined PROMPT set "_ENVSTRAP_OLD_PROMPT=%PROMPT%"
if defined PROMPT set "PROMPT=%CONDA_PROMPT_MODIFIER%%PROMPT%"
if not defined PROMPT set "PROMPT=%CONDA_PROMPT_MODIFIER%$P$G"
:_envstrap_prompt_done
set "_ENVSTRAP_ACTIVE=%_ENVSTRAP_P%"
REM (not suspended: a shell this was copied from may have been, under another environment)
set "_ENVSTRAP_SUSPENDED="
set "_ENVSTRAP_HOOKS=%_ENVSTRAP_P%\@ACTIVATE_D@"
call :_envstrap_hooks forward
goto :_envstrap_end

:_envstrap_bad_path
set "_ENVSTRAP_MSG=envstrap: cannot activate '%_ENVSTRAP_P%': the folder path holds @REFUSED_TEXT@, which cmd.exe cannot carry through activation (or this file is not in that folder); move or recreate the environment in a path without them."
call :_envstrap_say
set "_ENVSTRAP_RC=4"
goto :_envstrap_end

:_envstrap_refuse
set "_ENVSTRAP_MSG=envstrap: cannot activate '%_ENVSTRAP_P%': %_ENVSTRAP_VAR% is set ('%_ENVSTRAP_VALUE%'): %_ENVSTRAP_MEANING%."
call :_envstrap_say
set "_ENVSTRAP_MSG=envstrap: only one environment may be active in a shell and in the shells it starts; deactivate it first ('deactivate' for envstrap or a venv, 'conda deactivate' for conda), or open a new shell with no environment active."
call :_envstrap_say
set "_ENVSTRAP_RC=3"
goto :_envstrap_end

:_envstrap_unsafe_value
set "_ENVSTRAP_MSG=envstrap: cannot activate '%_ENVSTRAP_P%': %_ENVSTRAP_VAR% holds a double quote together with one of & | < > ^, which cmd.exe would run as commands; remove the quotes from %_ENVSTRAP_VAR% (Windows does not need them) and try again."
call :_envstrap_say
set "_ENVSTRAP_RC=1"
goto :_envstrap_end

REM ---- config vars (docs\design\config-vars.md: the JSON read, and what a value may hold) -----
REM Package-provided variables first (@ENV_VARS_D@\*.json, flat objects, by name), then
REM `conda env config vars` (the "env_vars" object of @STATE_FILE@), which win. Names are
REM upper-cased; managed and reserved names are skipped; "@UNSET_SENTINEL@" hides a value an
REM earlier file set and leaves a variable the user set alone; an empty value unsets.
REM Each file is checked whole, then read again to apply it. Each line is read whole and its
REM quotes replaced by control characters (JSON has none raw), so no text from the file reaches
REM cmd's parser with a quote in it; then it is split into strings and structure. cmd compares
REM case-insensitively, so an invalid \N or \T is read as \n or \t here.

:_envstrap_config_vars
set "_ENVSTRAP_FILES=%_ENVSTRAP_P%\@ENV_VARS_D@"
if exist "%_ENVSTRAP_FILES%\*.json" for /r "%_ENVSTRAP_FILES%" %%F in (*.json) do @if /i "%%~dpF"=="%_ENVSTRAP_FILES%\" if /i "%%~xF"==".json" call :_envstrap_json "%%F" flat
call :_envstrap_json "%_ENVSTRAP_P%\@STATE_FILE@" nested
exit /b 0

:_envstrap_json
REM %1: a JSON file; %2: flat (its top-level strings) or nested (those of its "env_vars").
set "_ENVSTRAP_FILE=%~1"
set "_ENVSTRAP_MODE=%2"
if not exist "%_ENVSTRAP_FILE%" exit /b 0
set "_ENVSTRAP_PASS=check"
call :_envstrap_json_pass
if defined _ENVSTRAP_BAD goto :_envstrap_json_bad
set "_ENVSTRAP_PASS=apply"
call :_envstrap_json_pass
exit /b 0
:_envstrap_json_bad
set "_ENVSTRAP_MSG=envstrap: '%_ENVSTRAP_FILE%' is not JSON activation can read (an object of strings); its config vars are skipped."
call :_envstrap_say
exit /b 0

:_envstrap_json_pass
set "_ENVSTRAP_N=0"
set "_ENVSTRAP_DEPTH=0"
set "_ENVSTRAP_WANT=open"
set "_ENVSTRAP_IN="
set "_ENVSTRAP_K="
set "_ENVSTRAP_BAD="
:_envstrap_json_next
set "_ENVSTRAP_J="
if "%_ENVSTRAP_N%"=="0" for /f "usebackq delims=" %%L in ("%_ENVSTRAP_FILE%") do @if not defined _ENVSTRAP_J set "_ENVSTRAP_J=%%L"
if not "%_ENVSTRAP_N%"=="0" for /f "usebackq skip=%_ENVSTRAP_N% delims=" %%L in ("%_ENVSTRAP_FILE%") do @if not defined _ENVSTRAP_J set "_ENVSTRAP_J=%%L"
if not defined _ENVSTRAP_J goto :_envstrap_json_eof
set /a "_ENVSTRAP_N+=1"
call :_envstrap_json_line
if defined _ENVSTRAP_BAD exit /b 0
goto :_envstrap_json_next
:_envstrap_json_eof
if not "%_ENVSTRAP_WANT%"=="end" set "_ENVSTRAP_BAD=1"
exit /b 0

:_envstrap_json_line
REM "  -> @QM@ + "#" (so no segment is empty); \\ -> @BM@; \" -> @EQ@; then split at @QM@:
REM structure and strings alternate, and a line ends outside a string.
set "_ENVSTRAP_J=#%_ENVSTRAP_J:"=@QM@#%"
set "_ENVSTRAP_J=%_ENVSTRAP_J:\\=@BM@%"
set "_ENVSTRAP_J=%_ENVSTRAP_J:\@QM@#=@EQ@%"
set "_ENVSTRAP_INSTR=0"
:_envstrap_json_segment
if not defined _ENVSTRAP_J goto :_envstrap_json_line_end
set "_ENVSTRAP_S="
set "_ENVSTRAP_R="
for /f "tokens=1* delims=@QM@" %%A in ("%_ENVSTRAP_J%") do @set "_ENVSTRAP_S=%%A"
for /f "tokens=1* delims=@QM@" %%A in ("%_ENVSTRAP_J%") do @set "_ENVSTRAP_R=%%B"
set "_ENVSTRAP_J=%_ENVSTRAP_R%"
if not defined _ENVSTRAP_S goto :_envstrap_json_line_end
set "_ENVSTRAP_S=%_ENVSTRAP_S:*#=%"
if "%_ENVSTRAP_INSTR%"=="1" goto :_envstrap_json_string
set "_ENVSTRAP_INSTR=1"
set "_ENVSTRAP_S=%_ENVSTRAP_S%#"
call :_envstrap_json_structure
if defined _ENVSTRAP_BAD exit /b 0
goto :_envstrap_json_segment
:_envstrap_json_string
set "_ENVSTRAP_INSTR=0"
call :_envstrap_json_value
if defined _ENVSTRAP_BAD exit /b 0
goto :_envstrap_json_segment
:_envstrap_json_line_end
if "%_ENVSTRAP_INSTR%"=="0" set "_ENVSTRAP_BAD=1"
exit /b 0

:_envstrap_json_structure
REM _ENVSTRAP_S: the text between two strings, then a # that ends it.
if "%_ENVSTRAP_S%"=="#" exit /b 0
set "_ENVSTRAP_C=%_ENVSTRAP_S:~0,1%"
set "_ENVSTRAP_S=%_ENVSTRAP_S:~1%"
if "%_ENVSTRAP_C%"==" " goto :_envstrap_json_structure
if "%_ENVSTRAP_C%"=="	" goto :_envstrap_json_structure
if "%_ENVSTRAP_C%"=="{" goto :_envstrap_json_open
if "%_ENVSTRAP_C%"=="}" goto :_envstrap_json_close
if "%_ENVSTRAP_C%"==":" goto :_envstrap_json_colon
if "%_ENVSTRAP_C%"=="," goto :_envstrap_json_comma
goto :_envstrap_json_malformed
:_envstrap_json_open
if "%_ENVSTRAP_WANT%"=="open" goto :_envstrap_json_open_top
if not "%_ENVSTRAP_WANT%%_ENVSTRAP_MODE%%_ENVSTRAP_DEPTH%"=="valuenested1" goto :_envstrap_json_malformed
set "_ENVSTRAP_DEPTH=2"
set "_ENVSTRAP_IN=%_ENVSTRAP_K%"
set "_ENVSTRAP_WANT=keyclose"
goto :_envstrap_json_structure
:_envstrap_json_open_top
set "_ENVSTRAP_DEPTH=1"
set "_ENVSTRAP_WANT=keyclose"
goto :_envstrap_json_structure
:_envstrap_json_close
if "%_ENVSTRAP_WANT%"=="keyclose" goto :_envstrap_json_closing
if not "%_ENVSTRAP_WANT%"=="next" goto :_envstrap_json_malformed
:_envstrap_json_closing
set /a "_ENVSTRAP_DEPTH-=1"
set "_ENVSTRAP_IN="
set "_ENVSTRAP_WANT=next"
if "%_ENVSTRAP_DEPTH%"=="0" set "_ENVSTRAP_WANT=end"
goto :_envstrap_json_structure
:_envstrap_json_colon
if not "%_ENVSTRAP_WANT%"=="colon" goto :_envstrap_json_malformed
set "_ENVSTRAP_WANT=value"
goto :_envstrap_json_structure
:_envstrap_json_comma
if not "%_ENVSTRAP_WANT%"=="next" goto :_envstrap_json_malformed
set "_ENVSTRAP_WANT=key"
goto :_envstrap_json_structure
:_envstrap_json_malformed
set "_ENVSTRAP_BAD=1"
exit /b 0

:_envstrap_json_value
REM A string (_ENVSTRAP_S, escapes not yet decoded): a member's name or its value. Raw tabs
REM and unknown escapes make the file malformed; \b \f \n \r \u make the value one activation
REM does not decode (_ENVSTRAP_ODD).
set "_ENVSTRAP_ODD="
if not defined _ENVSTRAP_S goto :_envstrap_json_checked
if not "%_ENVSTRAP_S:	=%"=="%_ENVSTRAP_S%" goto :_envstrap_json_malformed
set "_ENVSTRAP_T=#%_ENVSTRAP_S:\/=%"
set "_ENVSTRAP_T=%_ENVSTRAP_T:\t=%"
if not "%_ENVSTRAP_T:\=%"=="%_ENVSTRAP_T%" set "_ENVSTRAP_ODD=1"
set "_ENVSTRAP_T=%_ENVSTRAP_T:\b=%"
set "_ENVSTRAP_T=%_ENVSTRAP_T:\f=%"
set "_ENVSTRAP_T=%_ENVSTRAP_T:\n=%"
set "_ENVSTRAP_T=%_ENVSTRAP_T:\r=%"
set "_ENVSTRAP_T=%_ENVSTRAP_T:\u=%"
if not "%_ENVSTRAP_T:\=%"=="%_ENVSTRAP_T%" goto :_envstrap_json_malformed
:_envstrap_json_checked
if "%_ENVSTRAP_WANT%"=="key" goto :_envstrap_json_key
if "%_ENVSTRAP_WANT%"=="keyclose" goto :_envstrap_json_key
if not "%_ENVSTRAP_WANT%"=="value" goto :_envstrap_json_malformed
set "_ENVSTRAP_WANT=next"
if not "%_ENVSTRAP_PASS%"=="apply" exit /b 0
if "%_ENVSTRAP_MODE%%_ENVSTRAP_DEPTH%"=="flat1" goto :_envstrap_config_var
if not "%_ENVSTRAP_MODE%%_ENVSTRAP_DEPTH%"=="nested2" exit /b 0
if "%_ENVSTRAP_IN%"=="env_vars" goto :_envstrap_config_var
exit /b 0
:_envstrap_json_key
set "_ENVSTRAP_K=%_ENVSTRAP_S%"
set "_ENVSTRAP_WANT=colon"
exit /b 0

:_envstrap_config_var
REM One config var: name in _ENVSTRAP_K, value in _ENVSTRAP_S (both free of quotes: a \" is
REM still @EQ@ and a \\ still @BM@).
if not defined _ENVSTRAP_K goto :_envstrap_config_bad_name
for /f "delims=@NAME_CHARS@" %%A in ("_%_ENVSTRAP_K%") do @goto :_envstrap_config_bad_name
set "_ENVSTRAP_C=%_ENVSTRAP_K:~0,1%"
for /f "delims=0123456789" %%A in ("%_ENVSTRAP_C%") do @goto :_envstrap_config_name_ok
goto :_envstrap_config_bad_name
:_envstrap_config_name_ok
REM Upper-case: cmd's substitution ignores case, so each of these turns a and A into A.
set "_ENVSTRAP_UP=%_ENVSTRAP_K%"
@UPPER@
for %%A in (@MANAGED@) do @if /i "%%A"=="%_ENVSTRAP_UP%" goto :_envstrap_config_managed
@INTERNAL_TEST@
if defined _ENVSTRAP_ODD goto :_envstrap_config_escape
if not defined _ENVSTRAP_S goto :_envstrap_config_known
set "_ENVSTRAP_S=%_ENVSTRAP_S:\/=/%"
set "_ENVSTRAP_S=%_ENVSTRAP_S:\t=	%"
set "_ENVSTRAP_S=%_ENVSTRAP_S:@BM@=\%"
REM A double quote together with & | < > ^ would be run by cmd: skipped, in every shell alike.
if "%_ENVSTRAP_S:@EQ@=%"=="%_ENVSTRAP_S%" goto :_envstrap_config_known
for /f "tokens=2 delims=&|<>^" %%A in ("#%_ENVSTRAP_S%#") do @goto :_envstrap_config_quote
:_envstrap_config_known
set "_ENVSTRAP_KNOWN="
for %%A in (%_ENVSTRAP_CONFIG_VARS%) do @if /i "%%A"=="%_ENVSTRAP_UP%" set "_ENVSTRAP_KNOWN=1"
if not "%_ENVSTRAP_S%"=="@UNSET_SENTINEL@" goto :_envstrap_config_set
if not defined _ENVSTRAP_KNOWN exit /b 0
call :_envstrap_restore_config %_ENVSTRAP_UP%
set "_ENVSTRAP_L="
for %%A in (%_ENVSTRAP_CONFIG_VARS%) do @if /i not "%%A"=="%_ENVSTRAP_UP%" call :_envstrap_config_keep %%A
set "_ENVSTRAP_CONFIG_VARS=%_ENVSTRAP_L%"
exit /b 0
:_envstrap_config_set
if defined _ENVSTRAP_KNOWN goto :_envstrap_config_assign
set "_ENVSTRAP_T=#"
set "_ENVSTRAP_U=#"
if defined %_ENVSTRAP_UP% call set "_ENVSTRAP_T=#%%%_ENVSTRAP_UP%:"=%%"
if defined %_ENVSTRAP_UP% call set "_ENVSTRAP_U=#%%%_ENVSTRAP_UP%:"=""%%"
if "%_ENVSTRAP_T%"=="%_ENVSTRAP_U%" goto :_envstrap_config_save
for /f "tokens=2 delims=&|<>^" %%A in ("%_ENVSTRAP_T%#") do @goto :_envstrap_config_unsafe
:_envstrap_config_save
set "_ENVSTRAP_HAD_%_ENVSTRAP_UP%=0"
if defined %_ENVSTRAP_UP% set "_ENVSTRAP_HAD_%_ENVSTRAP_UP%=1"
if defined %_ENVSTRAP_UP% call set "_ENVSTRAP_OLD_%_ENVSTRAP_UP%=%%%_ENVSTRAP_UP%%%"
set "_ENVSTRAP_CONFIG_VARS=%_ENVSTRAP_UP% %_ENVSTRAP_CONFIG_VARS%"
:_envstrap_config_assign
if not defined _ENVSTRAP_S goto :_envstrap_config_empty
REM The value has no & | < > ^ when it has a quote (checked above): safe inside set "...".
set "_ENVSTRAP_S=%_ENVSTRAP_S:@EQ@="%"
set "%_ENVSTRAP_UP%=%_ENVSTRAP_S%"
exit /b 0
:_envstrap_config_empty
set "%_ENVSTRAP_UP%="
exit /b 0
:_envstrap_config_keep
set "_ENVSTRAP_L=%_ENVSTRAP_L% %1"
exit /b 0
:_envstrap_config_bad_name
set "_ENVSTRAP_T=#%_ENVSTRAP_K%"
set "_ENVSTRAP_T=%_ENVSTRAP_T:@BM@=\\%"
set "_ENVSTRAP_T=%_ENVSTRAP_T:@EQ@=\'%"
set "_ENVSTRAP_MSG=envstrap: config var '%_ENVSTRAP_T:*#=%' is not a usable variable name; skipped."
call :_envstrap_say
exit /b 0
:_envstrap_config_managed
set "_ENVSTRAP_MSG=envstrap: config var %_ENVSTRAP_UP% is managed by activation; skipped."
call :_envstrap_say
exit /b 0
:_envstrap_config_escape
set "_ENVSTRAP_MSG=envstrap: config var %_ENVSTRAP_UP% holds an escape activation does not decode (\b \f \n \r \u); skipped."
call :_envstrap_say
exit /b 0
:_envstrap_config_quote
set "_ENVSTRAP_MSG=envstrap: config var %_ENVSTRAP_UP% holds a double quote together with one of & | < > ^, which cmd.exe cannot carry; skipped."
call :_envstrap_say
exit /b 0
:_envstrap_config_unsafe
set "_ENVSTRAP_MSG=envstrap: config var %_ENVSTRAP_UP%: its current value holds a double quote together with one of & | < > ^, which cmd.exe cannot save safely; skipped."
call :_envstrap_say
exit /b 0
