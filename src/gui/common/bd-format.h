/* bd-format.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bd-money.h"

G_BEGIN_DECLS

/* Text for a cell or a row: what a value looks like on screen, and "—"
 * when there is none.  (transfer full) */
char *bd_format_money_or_dash (const BdMoney *money);
/* @when in local time, with a g_date_time_format() @format. */
char *bd_format_date_or_dash  (GDateTime     *when,
                               const char    *format);
/* The day of @when in local time, as the user's locale writes a date
 * (strftime's %x): the one way lists and panes show a day. */
char *bd_format_day_or_dash   (GDateTime     *when);

G_END_DECLS
