#ifndef MERIDIAN_CLIBEDIT_SHIM_H
#define MERIDIAN_CLIBEDIT_SHIM_H
/* libedit's native interface (Debian libedit-dev, pkg-config libedit). Its readline
 * emulation cannot bind a key to a function (rl_bind_key only takes rl_insert), and VRP's
 * `?` must act the moment it is typed, so the native el_* calls are used. el_set and
 * history are variadic, which Swift cannot call: these wrappers are the only callers. */
#include <stdio.h>
#include <histedit.h>

typedef char *(*meridian_el_prompt_fn)(EditLine *);
typedef unsigned char (*meridian_el_key_fn)(EditLine *, int);

/* An editor on stdin/stdout with emacs keys, a 500-line history without repeats, the prompt
 * from `prompt`, `?` bound to `help` and Tab to `complete`. */
static inline EditLine *meridian_el_open(const char *name, History **history_out, meridian_el_prompt_fn prompt,
                                         meridian_el_key_fn help, meridian_el_key_fn complete) {
    EditLine *el = el_init(name, stdin, stdout, stderr);
    if (el == NULL) return NULL;
    History *list = history_init();
    HistEvent event;
    if (list != NULL) {
        history(list, &event, H_SETSIZE, 500);
        history(list, &event, H_SETUNIQUE, 1);
        el_set(el, EL_HIST, history, list);
    }
    *history_out = list;
    el_set(el, EL_EDITOR, "emacs");
    el_set(el, EL_SIGNAL, 1);
    el_set(el, EL_PROMPT, prompt);
    el_set(el, EL_ADDFN, "meridian-help", "list the possible next words", help);
    el_set(el, EL_BIND, "?", "meridian-help", NULL);
    el_set(el, EL_ADDFN, "meridian-complete", "complete the word", complete);
    el_set(el, EL_BIND, "^I", "meridian-complete", NULL);
    return el;
}

static inline void meridian_el_remember(History *list, const char *line) {
    HistEvent event;
    if (list != NULL) history(list, &event, H_ENTER, line);
}

static inline void meridian_el_close(EditLine *el, History *list) {
    el_end(el);
    if (list != NULL) history_end(list);
}

/* The line from its start to the cursor, as a count of bytes. */
static inline const char *meridian_el_before_cursor(EditLine *el, int *length) {
    const LineInfo *info = el_line(el);
    *length = (int)(info->cursor - info->buffer);
    return info->buffer;
}

static inline void meridian_el_print(const char *text) {
    fputs(text, stdout);
    fflush(stdout);
}

static const unsigned char meridian_cc_redisplay = CC_REDISPLAY;
static const unsigned char meridian_cc_refresh = CC_REFRESH;
#endif
