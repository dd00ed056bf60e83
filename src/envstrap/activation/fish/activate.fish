# envstrap @VERSION@: activation for fish. Generated; do not edit.
#   activate:   source /path/to/env/activate.fish
#   deactivate: deactivate

# (The written file keeps the three lines above; comment lines and indentation are left out.)
# Only builtins run here; the environment is found from this file's own location.
# fish parses all of a sourced file before it runs any of it, so this file holds only what a
# usual activation and deactivation run. The rest (refusals, config vars that need more than
# upper-casing, a PATH changed while active, conda's suspend and resume) is in @MORE@,
# sourced when needed; each use of it ends with _envstrap_more_done.

# The folder, then "(<its name>) " with the characters a prompt must not carry as "_".
set -l _envstrap_p (string replace -ra -- @LOCATE_RE@ (builtin realpath -- (status --current-filename)))
# an environment is active: which one, and what to say, is in @MORE@
if @GUARD_FAST@
    source $_envstrap_p[1]/@MORE@
    _envstrap_guard $_envstrap_p[1]
    set _envstrap_p $status
    _envstrap_more_done
    return $_envstrap_p
end

# Guard passed: from here on the shell is changed, and deactivate undoes every change.
# _envstrap_names: the variables activation sets or unsets (PATH aside); _envstrap_had: those
# that were set, each saved in _envstrap_old_NAME.
set -g _envstrap_names @RESTORED@
set -g _envstrap_had
set -q $_envstrap_names
if test $status != @RESTORED_COUNT@
    for _envstrap_n in $_envstrap_names
        if set -q $_envstrap_n
            set -g _envstrap_old_$_envstrap_n $$_envstrap_n
            set -a _envstrap_had $_envstrap_n
        end
    end
end
# PATH, joined as "$PATH" joins it, before and after (a long PATH costs fish much more as a list).
set -q PATH; or set -g _envstrap_no_path 1
set -g _envstrap_path_before "$PATH"

# Names ending in PATH make fish treat these as path lists, like PATH itself.
set -g _envstrap_added_PATH @PATH_DIRS@
set -gxp PATH $_envstrap_added_PATH
@SET_VARS@
set -e @UNSET_VARS@
set -g _envstrap_path_set "$PATH"

# Config vars (docs/design/config-vars.md). Read here: a conda-meta/state as conda writes it,
# when no name needs more than upper-casing and no value more than copying (no escape, no empty
# value, no "***unset***", no name activation manages; checked whole, with one expression), and
# no package's env_vars.d. Anything else, a malformed file too, goes to the full reader.
# _envstrap_new_NAME: the value activation leaves, for a resume after conda suspended it.
set -g _envstrap_config_vars
set -l _envstrap_cv $_envstrap_p[1]/@ENV_VARS_D@/*.json
if not set -q _envstrap_cv[1]; and test -f $_envstrap_p[1]/@STATE_FILE@
    set _envstrap_cv full
    read -lz json < $_envstrap_p[1]/@STATE_FILE@
    if string match -qr -- @PLAIN_STATE@ "$json"
        set _envstrap_cv
        # name and value of each member, one per line; up: the same upper-cased
        set -l kv (string replace -ra -- @PLAIN_PAIRS@ $json)
        set -l up (string upper -- $kv)
        while set -q kv[2]
            if not contains -- $up[1] $_envstrap_config_vars
                if set -q $up[1]
                    set -g _envstrap_old_$up[1] $$up[1]
                    set -a _envstrap_had $up[1]
                end
                set -p _envstrap_config_vars $up[1]
            end
            set -gx $up[1] $kv[2]
            set -g _envstrap_new_$up[1] $kv[2]
            set -e kv[1..2] up[1..2]
        end
    end
end
if set -q _envstrap_cv[1]
    source $_envstrap_p[1]/@MORE@
    _envstrap_all_config_vars $_envstrap_p[1]
    _envstrap_more_done
end

function deactivate --description 'Leave the envstrap environment'
    if not set -q _envstrap_active
        echo 'envstrap: no environment was activated in this shell; nothing to do.' >&2
        return 1
    end
    # conda's hook (@MORE@)
    if set -q _envstrap_suspended; or test "$argv[1]" = --suspend
        source $_envstrap_active/@MORE@
        _envstrap_suspend $argv
        set argv $status
        _envstrap_more_done
        return $argv
    end
    set -l hooks $_envstrap_active/@DEACTIVATE_D@/*.fish
    # conda ran deactivate.d itself, ending with our hook
    if test "$argv[1]" = --conda
        set hooks
    end
    if set -q hooks[1]
        set -g _envstrap_deactivating 1
        # (envstrap's own would do nothing now)
        for hook in $hooks[-1..1]
            test $hook = $_envstrap_active/@CONDA_HOOK_FILE@; or source $hook
        end
        set -e _envstrap_deactivating
    end
    # Every variable activation changed is unset, then those that were set are put back.
    set -e $_envstrap_names $_envstrap_config_vars
    for name in $_envstrap_had
        set -l old _envstrap_old_$name
        set -gx $name $$old
    end
    # as activation left it: take off what it added
    if test "$PATH" = "$_envstrap_path_set"
        set -e PATH[1..@PATH_COUNT@]
        set -q _envstrap_no_path; and set -e PATH
    else
        # changed while active
        source $_envstrap_active/@MORE@
        _envstrap_path_changed
        _envstrap_more_done
    end
    if set -q _envstrap_prompt
        functions -e fish_prompt _envstrap_set_status
        if functions -q _envstrap_old_fish_prompt
            functions -c _envstrap_old_fish_prompt fish_prompt
            functions -e _envstrap_old_fish_prompt
        end
    end
    set -e _envstrap_old_$_envstrap_had _envstrap_new_$_envstrap_config_vars _envstrap_had \
        _envstrap_config_vars _envstrap_names _envstrap_no_path _envstrap_path_before \
        _envstrap_path_set _envstrap_added_PATH _envstrap_prompt _envstrap_active
    functions -e deactivate
end

# The prompt: only an interactive fish draws one (config.fish, `fish -C`, typed at the prompt);
# wrapping fish_prompt elsewhere would load fish's own prompt function for nothing, about a
# tenth of the activation.
if status is-interactive; and test -z "$@PROMPT_OPT_OUT@"
    set -g _envstrap_prompt 1
    functions -q fish_prompt; and functions -c fish_prompt _envstrap_old_fish_prompt
    function _envstrap_set_status --argument-names code
        return $code
    end
    function fish_prompt
        set -l last_status $status
        printf '%s' "$CONDA_PROMPT_MODIFIER"
        if functions -q _envstrap_old_fish_prompt
            _envstrap_set_status $last_status
            _envstrap_old_fish_prompt
        end
    end
end
set -g _envstrap_active $_envstrap_p[1]
# (envstrap's own would do nothing now)
for _envstrap_n in $_envstrap_p[1]/@ACTIVATE_D@/*.fish
    test $_envstrap_n = $_envstrap_p[1]/@RESUME_HOOK_FILE@; or source $_envstrap_n
end
# a sourced file returns like a function
return 0
