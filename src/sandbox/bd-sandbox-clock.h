/* bd-sandbox-clock.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BD_TYPE_SANDBOX_CLOCK (bd_sandbox_clock_get_type ())

G_DECLARE_FINAL_TYPE (BdSandboxClock, bd_sandbox_clock, BD, SANDBOX_CLOCK, GObject)

/* Sandbox time: real time shifted by an offset that only grows.  It starts
 * at the real time, or at a fixed instant (--now) so that runs repeat; from
 * then on it follows the real clock, plus every advance.  Everything in the
 * sandbox reads time here, never from g_get_real_time(). */
BdSandboxClock *bd_sandbox_clock_new         (gint64          start_us);
/* Microseconds since the Unix epoch, UTC. */
gint64          bd_sandbox_clock_now_us      (BdSandboxClock *self);
/* (transfer full) */
GDateTime      *bd_sandbox_clock_now         (BdSandboxClock *self);
/* Moves time forward by @delta_us (> 0) and emits ::advanced. */
void            bd_sandbox_clock_advance     (BdSandboxClock *self,
                                              gint64          delta_us);

/* Sets the time to @now_us without emitting ::advanced, even backwards:
 * only for restoring a saved sandbox (bd-sandbox-persist.c). */
void            bd_sandbox_clock_set_now     (BdSandboxClock *self,
                                              gint64          now_us);

/* RFC 3339 with microseconds and Z, as Dodo writes.  (transfer full) */
char           *bd_sandbox_format_time       (gint64          us);
/* Sandbox times are gint64 µs since the epoch.  (transfer full) */
GDateTime      *bd_sandbox_time_to_datetime  (gint64          us);
gint64          bd_sandbox_time_from_datetime (GDateTime     *dt);
/* Parses RFC 3339 (any offset); FALSE if it is not. */
gboolean        bd_sandbox_parse_time        (const char     *text,
                                              gint64         *us);

G_END_DECLS
