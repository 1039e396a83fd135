/* bd-money.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * BdMoney:
 *
 * An amount of money: an integer count of the currency's minor unit (cents
 * for USD, yen for JPY, fils for KWD) and its ISO 4217 code.  Immutable and
 * boxed, so it can be a GObject property.  Money is never a double.
 */
typedef struct _BdMoney BdMoney;

#define BD_TYPE_MONEY (bd_money_get_type ())

#define BD_MONEY_ERROR (bd_money_error_quark ())

typedef enum
{
  BD_MONEY_ERROR_UNKNOWN_CURRENCY,
  BD_MONEY_ERROR_INVALID,
  BD_MONEY_ERROR_AMBIGUOUS,
  BD_MONEY_ERROR_TOO_PRECISE,
  BD_MONEY_ERROR_OUT_OF_RANGE,
} BdMoneyError;

GType        bd_money_get_type          (void) G_GNUC_CONST;
GQuark       bd_money_error_quark       (void);

/* Returns NULL when @currency is not a currency Dodo Payments supports. */
BdMoney     *bd_money_new               (gint64          amount_minor,
                                         const char     *currency);
BdMoney     *bd_money_copy              (const BdMoney  *self);
void         bd_money_free              (BdMoney        *self);
gint64       bd_money_get_amount        (const BdMoney  *self);
const char  *bd_money_get_currency      (const BdMoney  *self);
gboolean     bd_money_equal             (const BdMoney  *a,
                                         const BdMoney  *b);

/* Formats for people, following the currency's exponent and the user's
 * locale (LC_MONETARY/LC_NUMERIC): "$1,234.50", "1.234,50 €", "¥1,235".
 * Returns: (transfer full) */
char        *bd_money_format            (const BdMoney  *self);

/* Formats as a plain decimal number in major units with '.' as the decimal
 * mark and no grouping ("1234.50", "-3", "0.125"), for CSV and JSON reports. */
char        *bd_money_format_plain      (const BdMoney  *self);

/* Parses what a person typed ("12.5", "1,234.50", "0") in @currency into
 * minor units.  Anything ambiguous, too precise or out of range is refused
 * with a BD_MONEY_ERROR naming the problem; *out_minor is untouched then. */
gboolean     bd_money_parse             (const char     *text,
                                         const char     *currency,
                                         gint64         *out_minor,
                                         GError        **error);

/* The ISO 4217 exponent (JPY 0, USD 2, KWD 3) or -1 for an unknown code. */
int          bd_currency_get_exponent   (const char     *currency);
gboolean     bd_currency_is_known       (const char     *currency);

/* The symbol bd_money_format() shows ("$", "€", "CA$"), the code itself when
 * the currency has no well-known symbol ("KWD"), or NULL for an unknown code.
 * Returns: (transfer none) */
const char  *bd_currency_get_symbol     (const char     *currency);

/* Every code Dodo Payments supports, sorted, NULL-terminated (for pickers).
 * Returns: (transfer none) (array zero-terminated=1) */
const char * const *bd_currency_get_codes (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdMoney, bd_money_free)

G_END_DECLS
