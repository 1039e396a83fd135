/* test-money.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "bd-money.h"
#include "bd-test-util.h"

/* The `Currency` enum of the Dodo API (dodo-api.md §3.1, spec 1.53.2). */
static const char * const dodo_currencies[] = {
  "AED", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD",
  "BDT", "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BWP", "BYN",
  "BZD", "CAD", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF",
  "DKK", "DOP", "DZD", "EGP", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS",
  "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HRK", "HTG", "HUF", "IDR",
  "ILS", "INR", "IQD", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KRW",
  "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL",
  "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR",
  "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK",
  "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD",
  "SCR", "SEK", "SGD", "SHP", "SLE", "SLL", "SOS", "SRD", "SSP", "STN", "SVC",
  "SZL", "THB", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD",
  "UYU", "UZS", "VES", "VND", "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER",
  "ZAR", "ZMW",
};

/* ISO 4217 exponents other than 2, among the codes above. */
static const char * const zero_decimal[] = {
  "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND",
  "VUV", "XAF", "XOF", "XPF",
};
static const char * const three_decimal[] = {
  "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND",
};

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */
/* ------------------------------------------------------------------------ */

/* Switches the whole C locale; a missing locale skips the test (fails it in
 * CI).  Returns FALSE when the caller must return. */
static gboolean
use_locale (const char *name)
{
  if (setlocale (LC_ALL, name) == NULL)
    {
      g_autofree char *reason = g_strdup_printf ("locale %s missing", name);

      bd_test_skip_or_fail (reason);
      return FALSE;
    }

  return TRUE;
}

static gboolean
in_list (const char         *code,
         const char * const *list,
         gsize               n)
{
  for (gsize i = 0; i < n; i++)
    if (strcmp (list[i], code) == 0)
      return TRUE;
  return FALSE;
}

static void
assert_format (gint64      amount,
               const char *currency,
               const char *expected)
{
  g_autoptr(BdMoney) money = bd_money_new (amount, currency);
  g_autofree char *formatted = NULL;

  g_assert_nonnull (money);
  formatted = bd_money_format (money);
  if (g_strcmp0 (formatted, expected) != 0)
    g_test_message ("%" G_GINT64_FORMAT " %s in %s", amount, currency,
                    setlocale (LC_ALL, NULL));
  g_assert_cmpstr (formatted, ==, expected);
}

static void
assert_plain (gint64      amount,
              const char *currency,
              const char *expected)
{
  g_autoptr(BdMoney) money = bd_money_new (amount, currency);
  g_autofree char *formatted = NULL;

  g_assert_nonnull (money);
  formatted = bd_money_format_plain (money);
  g_assert_cmpstr (formatted, ==, expected);
}

static void
assert_parse (const char *text,
              const char *currency,
              gint64      expected)
{
  g_autoptr(GError) error = NULL;
  gint64 value = -42;
  gboolean ok;

  ok = bd_money_parse (text, currency, &value, &error);
  if (!ok || value != expected)
    g_test_message ("parsing “%s” as %s in %s", text, currency, setlocale (LC_ALL, NULL));
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (value, ==, expected);
}

static void
assert_parse_error (const char   *text,
                    const char   *currency,
                    BdMoneyError  code)
{
  g_autoptr(GError) error = NULL;
  gint64 value = -42;
  gboolean ok;

  ok = bd_money_parse (text, currency, &value, &error);
  if (ok || !g_error_matches (error, BD_MONEY_ERROR, (int) code))
    g_test_message ("parsing “%s” as %s in %s: expected error %d, got %s (%" G_GINT64_FORMAT ")",
                    text, currency, setlocale (LC_ALL, NULL), code,
                    error != NULL ? error->message : "success", value);
  g_assert_error (error, BD_MONEY_ERROR, (int) code);
  g_assert_false (ok);
  g_assert_cmpint (value, ==, -42);   /* untouched */
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
}

/* ------------------------------------------------------------------------ */
/* Currencies and the boxed type                                             */
/* ------------------------------------------------------------------------ */

static void
test_currency_exponents (void)
{
  const char * const *codes = bd_currency_get_codes ();
  guint n_codes;

  g_assert_cmpuint (G_N_ELEMENTS (dodo_currencies), ==, 145);

  for (gsize i = 0; i < G_N_ELEMENTS (dodo_currencies); i++)
    {
      const char *code = dodo_currencies[i];
      int expected = 2;

      if (in_list (code, zero_decimal, G_N_ELEMENTS (zero_decimal)))
        expected = 0;
      else if (in_list (code, three_decimal, G_N_ELEMENTS (three_decimal)))
        expected = 3;

      if (bd_currency_get_exponent (code) != expected)
        g_test_message ("%s", code);
      g_assert_true (bd_currency_is_known (code));
      g_assert_cmpint (bd_currency_get_exponent (code), ==, expected);
      g_assert_nonnull (bd_currency_get_symbol (code));
    }

  /* The exported list is exactly Dodo's, sorted. */
  n_codes = g_strv_length ((char **) codes);
  g_assert_cmpuint (n_codes, ==, G_N_ELEMENTS (dodo_currencies));
  for (guint i = 0; i < n_codes; i++)
    {
      g_assert_cmpstr (codes[i], ==, dodo_currencies[i]);
      if (i > 0)
        g_assert_cmpint (strcmp (codes[i - 1], codes[i]), <, 0);
    }

  g_assert_cmpstr (bd_currency_get_symbol ("USD"), ==, "$");
  g_assert_cmpstr (bd_currency_get_symbol ("EUR"), ==, "€");
  g_assert_cmpstr (bd_currency_get_symbol ("KWD"), ==, "KWD");
  g_assert_null (bd_currency_get_symbol ("XYZ"));
}

static void
test_currency_unknown (void)
{
  /* Real ISO codes Dodo does not list, a lower-case code and nonsense. */
  const char * const unknown[] = { "ISK", "UYI", "XXX", "usd", "US", "USDX", "", "123" };

  for (gsize i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      g_assert_false (bd_currency_is_known (unknown[i]));
      g_assert_cmpint (bd_currency_get_exponent (unknown[i]), ==, -1);
      g_assert_null (bd_money_new (100, unknown[i]));
    }

  assert_parse_error ("12", "usd", BD_MONEY_ERROR_UNKNOWN_CURRENCY);
  assert_parse_error ("12", "ISK", BD_MONEY_ERROR_UNKNOWN_CURRENCY);
}

static void
test_money_boxed (void)
{
  g_autoptr(BdMoney) a = bd_money_new (123450, "USD");
  g_autoptr(BdMoney) b = NULL;
  g_autoptr(BdMoney) c = bd_money_new (123450, "EUR");
  g_autoptr(BdMoney) d = bd_money_new (123451, "USD");
  g_auto(GValue) value = G_VALUE_INIT;

  g_assert_true (G_TYPE_IS_BOXED (BD_TYPE_MONEY));
  g_assert_cmpint (bd_money_get_amount (a), ==, 123450);
  g_assert_cmpstr (bd_money_get_currency (a), ==, "USD");

  b = g_boxed_copy (BD_TYPE_MONEY, a);
  g_assert_true (b != a);
  g_assert_true (bd_money_equal (a, b));
  g_assert_false (bd_money_equal (a, c));
  g_assert_false (bd_money_equal (a, d));
  g_assert_true (bd_money_equal (NULL, NULL));
  g_assert_false (bd_money_equal (a, NULL));
  g_assert_false (bd_money_equal (NULL, a));

  g_value_init (&value, BD_TYPE_MONEY);
  g_value_set_boxed (&value, a);
  g_assert_true (bd_money_equal (g_value_get_boxed (&value), a));
  g_assert_true (g_value_get_boxed (&value) != a);

  bd_money_free (NULL);
}

/* ------------------------------------------------------------------------ */
/* Formatting                                                                */
/* ------------------------------------------------------------------------ */

static void
test_format_plain (void)
{
  /* Plain output ignores the locale, so run it under one with ',' marks. */
  if (!use_locale ("de_DE.UTF-8"))
    return;

  assert_plain (123450, "USD", "1234.50");
  assert_plain (5, "USD", "0.05");
  assert_plain (0, "USD", "0.00");
  assert_plain (-300, "USD", "-3.00");
  assert_plain (-3, "JPY", "-3");
  assert_plain (1235, "JPY", "1235");
  assert_plain (125, "KWD", "0.125");
  assert_plain (-5, "KWD", "-0.005");
  assert_plain (12345600, "INR", "123456.00");
  assert_plain (G_MAXINT64, "USD", "92233720368547758.07");
  assert_plain (G_MININT64, "USD", "-92233720368547758.08");
  assert_plain (G_MAXINT64, "JPY", "9223372036854775807");
  assert_plain (G_MININT64, "JPY", "-9223372036854775808");
  assert_plain (G_MININT64, "KWD", "-9223372036854775.808");
}

static void
test_format_en_us (void)
{
  if (!use_locale ("en_US.UTF-8"))
    return;

  assert_format (123450, "USD", "$1,234.50");
  assert_format (-123450, "USD", "-$1,234.50");
  assert_format (0, "USD", "$0.00");
  assert_format (5, "USD", "$0.05");
  assert_format (99999, "USD", "$999.99");
  assert_format (100000, "USD", "$1,000.00");
  assert_format (123450, "EUR", "€1,234.50");
  assert_format (1235, "JPY", "¥1,235");
  assert_format (-1235, "JPY", "-¥1,235");
  assert_format (7, "JPY", "¥7");
  assert_format (1234500, "KWD", "KWD 1,234.500");
  assert_format (-125, "KWD", "-KWD 0.125");
  assert_format (12345600, "INR", "₹123,456.00");
  assert_format (123450, "CAD", "CA$1,234.50");
  assert_format (G_MAXINT64, "USD", "$92,233,720,368,547,758.07");
  assert_format (G_MININT64, "USD", "-$92,233,720,368,547,758.08");
  assert_format (G_MININT64, "JPY", "-¥9,223,372,036,854,775,808");
}

static void
test_format_de_de (void)
{
  if (!use_locale ("de_DE.UTF-8"))
    return;

  assert_format (123450, "USD", "1.234,50 $");
  assert_format (123450, "EUR", "1.234,50 €");
  assert_format (-123450, "EUR", "-1.234,50 €");
  assert_format (5, "EUR", "0,05 €");
  assert_format (1235, "JPY", "1.235 ¥");
  assert_format (1234500, "KWD", "1.234,500 KWD");
  assert_format (-125, "KWD", "-0,125 KWD");
  assert_format (12345600, "INR", "123.456,00 ₹");
  assert_format (G_MAXINT64, "EUR", "92.233.720.368.547.758,07 €");
}

static void
test_format_en_in (void)
{
  if (!use_locale ("en_IN.UTF-8"))
    return;

  assert_format (12345600, "INR", "₹1,23,456.00");
  assert_format (123456789, "INR", "₹12,34,567.89");
  assert_format (99900, "INR", "₹999.00");
  assert_format (-12345600, "INR", "-₹1,23,456.00");
  assert_format (123450, "USD", "$1,234.50");
  assert_format (123456789, "JPY", "¥12,34,56,789");
  assert_format (123456789, "KWD", "KWD 1,23,456.789");
}

static void
test_format_c (void)
{
  /* The C locale has no monetary conventions: LC_NUMERIC's '.' and no
   * grouping, symbol first. */
  if (!use_locale ("C"))
    return;

  assert_format (123450, "USD", "$1234.50");
  assert_format (-500, "USD", "-$5.00");
  assert_format (1234500, "KWD", "KWD 1234.500");
  assert_format (1235, "JPY", "¥1235");
}

/* ------------------------------------------------------------------------ */
/* Parsing                                                                   */
/* ------------------------------------------------------------------------ */

/* Refusals that do not depend on the locale. */
static void
check_common_refusals (void)
{
  assert_parse_error ("", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("   ", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("$", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("abc", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("12abc", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("1e3", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("0x10", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("-5", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("−5", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error (" -0 ", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("-$5", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("$-5", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("5-", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("+5", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("(5)", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("€5", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("5 EUR", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("$$5", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("1.2.3", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("1,2,3", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("12..5", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("12.", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("12,", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error (".", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error (".5.", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("1 2", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("12 3456", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("1 234'567", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("1 234.567 8", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("1,234.567,8", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("1.234,56.7", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("0,123,456", "USD", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("12\xff", "USD", BD_MONEY_ERROR_INVALID);

  /* Too many decimals, even zeros. */
  assert_parse_error ("1.2345", "USD", BD_MONEY_ERROR_TOO_PRECISE);
  assert_parse_error ("0.001", "USD", BD_MONEY_ERROR_TOO_PRECISE);
  assert_parse_error ("12.5", "JPY", BD_MONEY_ERROR_TOO_PRECISE);
  assert_parse_error ("5.0", "JPY", BD_MONEY_ERROR_TOO_PRECISE);
  assert_parse_error ("1.2345", "KWD", BD_MONEY_ERROR_TOO_PRECISE);

  /* gint64 limits. */
  assert_parse ("92233720368547758.07", "USD", G_MAXINT64);
  assert_parse_error ("92233720368547758.08", "USD", BD_MONEY_ERROR_OUT_OF_RANGE);
  assert_parse_error ("92233720368547759", "USD", BD_MONEY_ERROR_OUT_OF_RANGE);
  assert_parse ("9223372036854775807", "JPY", G_MAXINT64);
  assert_parse_error ("9223372036854775808", "JPY", BD_MONEY_ERROR_OUT_OF_RANGE);
  assert_parse_error ("99999999999999999999999999", "JPY", BD_MONEY_ERROR_OUT_OF_RANGE);
  assert_parse ("9223372036854775.807", "KWD", G_MAXINT64);
  assert_parse_error ("9223372036854775.808", "KWD", BD_MONEY_ERROR_OUT_OF_RANGE);

  /* Accepted everywhere. */
  assert_parse ("0", "USD", 0);
  assert_parse ("  7 ", "USD", 700);
  assert_parse ("\t7\n", "USD", 700);
  assert_parse ("\xc2\xa0" "7", "USD", 700);
  assert_parse ("007", "USD", 700);
  assert_parse ("1234", "USD", 123400);
  assert_parse ("1234.5", "USD", 123450);
  assert_parse ("1234,5", "USD", 123450);
  assert_parse ("12,5", "EUR", 1250);
  assert_parse ("0.125", "KWD", 125);
  assert_parse ("0,125", "KWD", 125);
  assert_parse ("1234.500", "KWD", 1234500);
  assert_parse ("$12", "USD", 1200);
  assert_parse ("$ 12", "USD", 1200);
  assert_parse ("12 USD", "USD", 1200);
  assert_parse ("usd 12", "USD", 1200);
  assert_parse ("12€", "EUR", 1200);
  assert_parse ("KWD 1.5", "KWD", 1500);
  assert_parse ("1 234", "USD", 123400);
  assert_parse ("1\xe2\x80\xaf" "234,50", "EUR", 123450);   /* narrow no-break space */
  assert_parse ("1'234.50", "USD", 123450);
  assert_parse ("1 234 567", "JPY", 1234567);
  assert_parse ("1,234,567", "JPY", 1234567);
  assert_parse ("1.234.567", "JPY", 1234567);
  assert_parse ("1234", "JPY", 1234);
  assert_parse ("0", "JPY", 0);
}

static void
test_parse_en_us (void)
{
  if (!use_locale ("en_US.UTF-8"))
    return;

  check_common_refusals ();

  assert_parse ("12.5", "USD", 1250);
  assert_parse ("1,234.50", "USD", 123450);
  assert_parse ("1,234,567.89", "USD", 123456789);
  assert_parse ("$1,234.50", "USD", 123450);
  assert_parse (".5", "USD", 50);
  assert_parse ("1,234", "USD", 123400);     /* ',' groups in en_US */
  assert_parse ("1,234", "JPY", 1234);
  assert_parse ("1.234", "KWD", 1234);       /* '.' is decimal in en_US */
  assert_parse ("1,234.567", "KWD", 1234567);
  assert_parse ("1,23", "USD", 123);         /* cannot group: decimal */
  assert_parse ("€1,234.50", "EUR", 123450);

  assert_parse_error ("1.234", "USD", BD_MONEY_ERROR_TOO_PRECISE);
  assert_parse_error ("1.230", "USD", BD_MONEY_ERROR_TOO_PRECISE);
  assert_parse_error ("1.000", "JPY", BD_MONEY_ERROR_TOO_PRECISE);
  assert_parse_error ("1.234,50", "USD", BD_MONEY_ERROR_AMBIGUOUS);
  assert_parse_error ("1.234.567,89", "EUR", BD_MONEY_ERROR_AMBIGUOUS);
  assert_parse_error ("1,23,456.00", "INR", BD_MONEY_ERROR_INVALID);
}

static void
test_parse_de_de (void)
{
  if (!use_locale ("de_DE.UTF-8"))
    return;

  check_common_refusals ();

  assert_parse ("1.234,50", "EUR", 123450);
  assert_parse ("1.234,50 €", "EUR", 123450);
  assert_parse ("12,5", "USD", 1250);
  assert_parse ("12.5", "USD", 1250);        /* cannot group: decimal */
  assert_parse ("1.234", "USD", 123400);     /* '.' groups in de_DE */
  assert_parse ("1.234", "JPY", 1234);
  assert_parse ("1,234", "KWD", 1234);       /* ',' is decimal in de_DE */
  assert_parse ("1.234,567", "KWD", 1234567);
  assert_parse ("1.234.567,89", "EUR", 123456789);
  assert_parse (",5", "EUR", 50);

  assert_parse_error ("1,234", "USD", BD_MONEY_ERROR_TOO_PRECISE);
  assert_parse_error ("1,234", "JPY", BD_MONEY_ERROR_TOO_PRECISE);
  assert_parse_error ("1,234.50", "USD", BD_MONEY_ERROR_AMBIGUOUS);
}

static void
test_parse_en_in (void)
{
  if (!use_locale ("en_IN.UTF-8"))
    return;

  check_common_refusals ();

  assert_parse ("1,23,456.00", "INR", 12345600);
  assert_parse ("₹1,23,456", "INR", 12345600);
  assert_parse ("12,34,567.89", "INR", 123456789);
  assert_parse ("1,234,567.89", "INR", 123456789);   /* groups of three too */
  assert_parse ("1,234", "INR", 123400);

  assert_parse_error ("12,34,5", "INR", BD_MONEY_ERROR_INVALID);
  assert_parse_error ("1,2345,678", "INR", BD_MONEY_ERROR_INVALID);
}

static void
test_parse_c (void)
{
  if (!use_locale ("C"))
    return;

  check_common_refusals ();

  assert_parse ("1234.50", "USD", 123450);
  assert_parse ("1.234", "KWD", 1234);
  assert_parse ("1,234.50", "USD", 123450);

  /* ',' is neither the decimal mark nor a separator in the C locale. */
  assert_parse_error ("1,234", "USD", BD_MONEY_ERROR_AMBIGUOUS);
  assert_parse_error ("1,234", "KWD", BD_MONEY_ERROR_AMBIGUOUS);
  assert_parse_error ("1.234,50", "USD", BD_MONEY_ERROR_AMBIGUOUS);
}

static void
test_parse_message (void)
{
  g_autoptr(GError) error = NULL;
  gint64 value = 0;

  if (!use_locale ("en_US.UTF-8"))
    return;

  g_assert_false (bd_money_parse ("1.234", "USD", &value, &error));
  g_assert_error (error, BD_MONEY_ERROR, BD_MONEY_ERROR_TOO_PRECISE);
  g_assert_nonnull (strstr (error->message, "1.234"));
  g_assert_nonnull (strstr (error->message, "USD"));
  g_clear_error (&error);

  g_assert_false (bd_money_parse ("1.234,50", "USD", &value, &error));
  g_assert_error (error, BD_MONEY_ERROR, BD_MONEY_ERROR_AMBIGUOUS);
  g_assert_nonnull (strstr (error->message, "1.234,50"));
}

/* ------------------------------------------------------------------------ */
/* Round trips                                                               */
/* ------------------------------------------------------------------------ */

static const gint64 sample_amounts[] = {
  0, 1, 5, 99, 100, 125, 1000, 1234, 99999, 100000, 123450, 1234567,
  12345600, 1000000000, G_GINT64_CONSTANT (123456789012345), G_MAXINT64 - 1,
  G_MAXINT64,
};

static const char * const sample_currencies[] = {
  "USD", "EUR", "JPY", "KWD", "INR", "BHD", "CLP", "CAD", "CHF",
};

static void
check_round_trip (gboolean through_plain)
{
  for (gsize c = 0; c < G_N_ELEMENTS (sample_currencies); c++)
    for (gsize a = 0; a < G_N_ELEMENTS (sample_amounts); a++)
      {
        g_autoptr(BdMoney) money = bd_money_new (sample_amounts[a], sample_currencies[c]);
        g_autofree char *text = through_plain ? bd_money_format_plain (money)
                                              : bd_money_format (money);

        assert_parse (text, sample_currencies[c], sample_amounts[a]);
      }
}

static void
test_round_trip_plain (void)
{
  /* format_plain writes '.', which these locales read as the decimal mark. */
  const char * const locales[] = { "C", "en_US.UTF-8", "en_IN.UTF-8" };

  for (gsize i = 0; i < G_N_ELEMENTS (locales); i++)
    {
      if (!use_locale (locales[i]))
        return;
      check_round_trip (TRUE);
    }
}

static void
test_round_trip_format (void)
{
  /* What we show, a person can paste back, in every locale. */
  const char * const locales[] = { "C", "en_US.UTF-8", "de_DE.UTF-8", "en_IN.UTF-8" };

  for (gsize i = 0; i < G_N_ELEMENTS (locales); i++)
    {
      if (!use_locale (locales[i]))
        return;
      check_round_trip (FALSE);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/money/currency/exponents", test_currency_exponents);
  g_test_add_func ("/money/currency/unknown", test_currency_unknown);
  g_test_add_func ("/money/boxed", test_money_boxed);
  g_test_add_func ("/money/format/plain", test_format_plain);
  g_test_add_func ("/money/format/en_US", test_format_en_us);
  g_test_add_func ("/money/format/de_DE", test_format_de_de);
  g_test_add_func ("/money/format/en_IN", test_format_en_in);
  g_test_add_func ("/money/format/C", test_format_c);
  g_test_add_func ("/money/parse/en_US", test_parse_en_us);
  g_test_add_func ("/money/parse/de_DE", test_parse_de_de);
  g_test_add_func ("/money/parse/en_IN", test_parse_en_in);
  g_test_add_func ("/money/parse/C", test_parse_c);
  g_test_add_func ("/money/parse/message", test_parse_message);
  g_test_add_func ("/money/round-trip/plain", test_round_trip_plain);
  g_test_add_func ("/money/round-trip/format", test_round_trip_format);

  return g_test_run ();
}
