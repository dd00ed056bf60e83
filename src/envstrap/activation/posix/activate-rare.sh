# envstrap @VERSION@: the parts of `activate` some activations need (sh, dash, bash, zsh, ksh),
# sourced by it with _es_y naming the part. Generated; do not edit.
# shellcheck shell=sh disable=SC2154  # (sourced: the variables are the activate script's)

# (The shell parses every byte of a sourced file: `activate` keeps to what most activations
# run, and these parts are small, so an activation that needs one pays little more than when
# they were in `activate`; the rarer and larger parts are in activate-more.sh.)
case $_es_y in
    path)  # _es_p, the file's absolute path holding . or .. parts or //: without them
        _es_r=$_es_p _es_p=
        while [ -n "$_es_r" ]; do
            _es_c=${_es_r%%/*}
            case "$_es_r" in */*) _es_r=${_es_r#*/} ;; *) _es_r= ;; esac
            case "$_es_c" in
                ''|.) ;;
                ..) _es_p=${_es_p%/*} ;;
                *) _es_p=$_es_p/$_es_c ;;
            esac
        done ;;
    save)  # one of the variables activation changes has a value (conda's shell setup sets some)
        # shellcheck disable=SC2043  # (a slot, filled with the plan's names)
        for _es_n in @RESTORED@; do
            eval "case \${$_es_n+x} in x) _ENVSTRAP_OLD_$_es_n=\$$_es_n _ENVSTRAP_SAVED=\"\${_ENVSTRAP_SAVED}$_es_n \" ;; esac"
        done ;;
    prompt)  # the folder name _es_v holds a character a prompt must not carry
        _ENVSTRAP_MODIFIER=
        while [ -n "$_es_v" ]; do
            _es_r=${_es_v#?}
            _es_c=${_es_v%"$_es_r"}
            case "$_es_c" in @UNSAFE@) _es_c=_ ;; esac
            _ENVSTRAP_MODIFIER=$_ENVSTRAP_MODIFIER$_es_c
            _es_v=$_es_r
        done ;;
    upper)  # the name _es_n upper-cased a letter at a time (no bash 4+ or zsh)
        _es_r=$_es_n _es_n=
        while :; do
            case $_es_r in *[abcdefghijklmnopqrstuvwxyz]*) ;; *) break ;; esac
            _es_c=${_es_r%%[abcdefghijklmnopqrstuvwxyz]*}
            _es_r=${_es_r#"$_es_c"}
            _es_n=$_es_n$_es_c
            _es_c=aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpPqQrRsStTuUvVwWxXyYzZ
            _es_c=${_es_c#*"${_es_r%"${_es_r#?}"}"}
            _es_n=$_es_n${_es_c%"${_es_c#?}"}
            _es_r=${_es_r#?}
        done
        _es_n=$_es_n$_es_r ;;
esac
unset _es_r _es_c
