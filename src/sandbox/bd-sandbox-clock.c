/* bd-sandbox-clock.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sandbox"

#include "config.h"

#include "bd-sandbox-clock.h"

struct _BdSandboxClock
{
  GObject parent_instance;

  gint64  offset_us;   /* sandbox time − real time */
};

G_DEFINE_FINAL_TYPE (BdSandboxClock, bd_sandbox_clock, G_TYPE_OBJECT)

enum {
  ADVANCED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
bd_sandbox_clock_class_init (BdSandboxClockClass *klass)
{
  /* Emitted after time moved forward, with the old and new time in µs:
   * the state runs what fell due in between (renewals, trial ends …). */
  signals[ADVANCED] = g_signal_new ("advanced",
                                    G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
}

static void
bd_sandbox_clock_init (BdSandboxClock *self)
{
}

BdSandboxClock *
bd_sandbox_clock_new (gint64 start_us)
{
  BdSandboxClock *self = g_object_new (BD_TYPE_SANDBOX_CLOCK, NULL);

  self->offset_us = start_us - g_get_real_time ();
  return self;
}

gint64
bd_sandbox_clock_now_us (BdSandboxClock *self)
{
  g_return_val_if_fail (BD_IS_SANDBOX_CLOCK (self), 0);

  return g_get_real_time () + self->offset_us;
}

GDateTime *
bd_sandbox_clock_now (BdSandboxClock *self)
{
  return bd_sandbox_time_to_datetime (bd_sandbox_clock_now_us (self));
}

/* g_date_time_new_from_unix_usec() is GLib 2.80. */
GDateTime *
bd_sandbox_time_to_datetime (gint64 us)
{
  g_autoptr(GDateTime) whole = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);

  return g_date_time_add (whole, us % G_USEC_PER_SEC);
}

gint64
bd_sandbox_time_from_datetime (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

void
bd_sandbox_clock_advance (BdSandboxClock *self,
                          gint64          delta_us)
{
  gint64 before;

  g_return_if_fail (BD_IS_SANDBOX_CLOCK (self));
  g_return_if_fail (delta_us > 0);

  before = bd_sandbox_clock_now_us (self);
  self->offset_us += delta_us;
  g_signal_emit (self, signals[ADVANCED], 0, before, before + delta_us);
}

char *
bd_sandbox_format_time (gint64 us)
{
  g_autoptr(GDateTime) dt = bd_sandbox_time_to_datetime (us);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S.%fZ");
}

gboolean
bd_sandbox_parse_time (const char *text,
                       gint64     *us)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || !(dt = g_date_time_new_from_iso8601 (text, NULL)))
    return FALSE;
  *us = bd_sandbox_time_from_datetime (dt);
  return TRUE;
}

void
bd_sandbox_clock_set_now (BdSandboxClock *self,
                          gint64          now_us)
{
  g_return_if_fail (BD_IS_SANDBOX_CLOCK (self));

  self->offset_us = now_us - g_get_real_time ();
}
