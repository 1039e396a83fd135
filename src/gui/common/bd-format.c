/* bd-format.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bd-format.h"

#define NOTHING "—"

char *
bd_format_money_or_dash (const BdMoney *money)
{
  return money != NULL ? bd_money_format (money) : g_strdup (NOTHING);
}

char *
bd_format_date_or_dash (GDateTime  *when,
                        const char *format)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (format != NULL, NULL);

  if (when == NULL)
    return g_strdup (NOTHING);
  local = g_date_time_to_local (when);
  return g_date_time_format (local, format);
}

char *
bd_format_day_or_dash (GDateTime *when)
{
  return bd_format_date_or_dash (when, "%x");
}
