/* bd-sandbox-gen.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Deterministic building blocks for the sandbox's data: a counter-based
 * random generator, reversible ids, and names that look real.  Nothing here
 * reads the clock or the system's random source, so the same seed gives the
 * same bytes in every process. */

#define BD_SANDBOX_ID_CHARS 21

/* SplitMix64: the next value of @state, advancing it. */
guint64   bd_sandbox_rand_next      (guint64     *state);
/* A value in [0, @n). */
guint64   bd_sandbox_rand_below     (guint64     *state,
                                     guint64      n);
/* A stream keyed by (@seed, @stream, @index), independent of the others. */
guint64   bd_sandbox_rand_init      (guint64      seed,
                                     guint64      stream,
                                     guint64      index);

/* "<prefix>_" + 21 alphanumerics that encode @serial under @key reversibly:
 * ids look random, sort in no useful order, and bd_sandbox_id_decode()
 * gives the serial back without a lookup table.  (transfer full) */
char     *bd_sandbox_id_encode      (const char  *prefix,
                                     guint64      key,
                                     guint64      serial);
/* Returns TRUE and the serial when @id was made by bd_sandbox_id_encode()
 * with the same @prefix and @key. */
gboolean  bd_sandbox_id_decode      (const char  *id,
                                     const char  *prefix,
                                     guint64      key,
                                     guint64     *serial);

/* A person's name and a matching e-mail address; some names are not ASCII.
 * (transfer full) */
void      bd_sandbox_gen_person     (guint64     *state,
                                     char       **name,
                                     char       **email);

/* A random element of a NULL-terminated array. */
const char *bd_sandbox_pick         (guint64     *state,
                                     const char * const *choices);

G_END_DECLS
