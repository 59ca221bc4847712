#ifndef MERIDIAN_CLIBEDIT_SHIM_H
#define MERIDIAN_CLIBEDIT_SHIM_H
/* libedit's readline-compatible interface (Debian libedit-dev, pkg-config libedit).
 * Its state is C globals, which Swift 6 refuses to touch as shared mutable state; these
 * accessors are the only place they are read or written (LineEditor, main thread only). */
#include <stdio.h>
#include <editline/readline.h>

static inline void meridian_rl_setup(const char *name, rl_completion_func_t *completion) {
    rl_readline_name = name;
    rl_attempted_completion_function = completion;
}

static inline void meridian_rl_completion_over(void) {
    rl_attempted_completion_over = 1;
}

/* The line buffer and the cursor position in it. */
static inline const char *meridian_rl_line(int *point) {
    *point = rl_point;
    return rl_line_buffer;
}

static inline void meridian_rl_print(const char *text) {
    fputs(text, stdout);
    fflush(stdout);
}
#endif
