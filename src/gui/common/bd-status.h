/* bd-status.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bd-status-words.h"

G_BEGIN_DECLS

/*
 * A status as every list, detail pane and report shows it: one word
 * (bd_status_word(), core/bd-status-words.h, shared with the PDF report),
 * one CSS class ("status-success", "status-warning", "status-error",
 * "status-neutral"; data/style.css colours a ".status-tag") and one
 * symbolic icon, per value of BD_TYPE_PAYMENT_STATUS,
 * BD_TYPE_REFUND_STATUS, BD_TYPE_SUBSCRIPTION_STATUS,
 * BD_TYPE_DISPUTE_STATUS and BD_TYPE_DISPUTE_STAGE.
 */

/* (transfer none) */
const char *bd_status_css_class (GType       status_type,
                                 int         value);
/* (transfer none) */
const char *bd_status_icon_name (GType       status_type,
                                 int         value);

/* The words of @model's status property @property ("status",
 * "dispute-status", "dispute-stage"): its value's word, else the raw
 * text Dodo sent (@property + "-raw"), else "—".  (transfer none) */
const char *bd_status_word_of   (gpointer    model,
                                 GType       status_type,
                                 const char *property);

/* Makes @tag (a label with the "status-tag" class) say @model's status
 * @property, in its colour. */
void        bd_status_set_tag   (GtkLabel   *tag,
                                 gpointer    model,
                                 GType       status_type,
                                 const char *property);

G_END_DECLS
