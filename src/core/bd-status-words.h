/* bd-status-words.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * The one table of what a status is called and how it feels, for every
 * status set of the models: BD_TYPE_PAYMENT_STATUS, BD_TYPE_REFUND_STATUS,
 * BD_TYPE_SUBSCRIPTION_STATUS, BD_TYPE_DISPUTE_STATUS and
 * BD_TYPE_DISPUTE_STAGE (bd-enums.h).  The lists, the detail panes and the
 * PDF report all say a status with these words (gui/common/bd-status.h adds
 * the tag's colour and icon); CSV and JSON keep Dodo's raw values.
 */

typedef enum
{
  BD_STATUS_TONE_NEUTRAL,   /* ran its course, or unknown */
  BD_STATUS_TONE_SUCCESS,   /* money arrived, or the thing bills */
  BD_STATUS_TONE_WARNING,   /* waiting for someone or something */
  BD_STATUS_TONE_ERROR,     /* ended badly */
} BdStatusTone;

/* The translated word for @value of @status_type.  (transfer none)
 * NULL for the UNKNOWN value, for a value out of range, and for a type
 * that is no status set. */
const char   *bd_status_word         (GType       status_type,
                                      int         value);

/* The word for Dodo's string @raw: its value's word; a value this version
 * does not know keeps the server's own text (the only words there are);
 * NULL or "" is "—".  (transfer none) */
const char   *bd_status_word_for_raw (GType       status_type,
                                      const char *raw);

BdStatusTone  bd_status_tone         (GType       status_type,
                                      int         value);

/* The words of a payment's "refund-status" ("partial", "full"): NULL when
 * nothing was refunded.  (transfer none) */
const char   *bd_status_refunded_word (const char *refund_status);

G_END_DECLS
