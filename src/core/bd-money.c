/* bd-money.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-money"

#include "config.h"

#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "bd-money.h"

/* An amount is a gint64 count of minor units.  Nothing in this file uses a
 * floating-point type: formatting splits the integer with / and %, parsing
 * accumulates digits with an overflow check before every multiplication. */

struct _BdMoney
{
  gint64      amount;
  const char *currency;   /* points into the static table below */
};

typedef struct
{
  const char *code;
  int         exponent;
  const char *symbol;     /* NULL: show the ISO code instead */
} BdCurrencyInfo;

/* Every code of Dodo Payments' `Currency` enum (API spec 1.53.2, 145 codes),
 * sorted for bsearch(), with its ISO 4217 exponent (minor unit digits).
 *
 * Symbols are the CLDR "en" standard symbols where that symbol is not
 * shared with another currency ("$" is USD only, CAD is "CA$").  Everything
 * else shows its code, which is never ambiguous. */
static const BdCurrencyInfo currencies[] = {
  { "AED", 2, NULL },
  { "ALL", 2, NULL },
  { "AMD", 2, NULL },
  { "ANG", 2, NULL },
  { "AOA", 2, NULL },
  { "ARS", 2, NULL },
  { "AUD", 2, "A$" },
  { "AWG", 2, NULL },
  { "AZN", 2, NULL },
  { "BAM", 2, NULL },
  { "BBD", 2, NULL },
  { "BDT", 2, NULL },
  { "BGN", 2, NULL },
  { "BHD", 3, NULL },
  { "BIF", 0, NULL },
  { "BMD", 2, NULL },
  { "BND", 2, NULL },
  { "BOB", 2, NULL },
  { "BRL", 2, "R$" },
  { "BSD", 2, NULL },
  { "BWP", 2, NULL },
  { "BYN", 2, NULL },
  { "BZD", 2, NULL },
  { "CAD", 2, "CA$" },
  { "CHF", 2, NULL },
  { "CLP", 0, NULL },
  { "CNY", 2, "CN¥" },
  { "COP", 2, NULL },
  { "CRC", 2, NULL },
  { "CUP", 2, NULL },
  { "CVE", 2, NULL },
  { "CZK", 2, NULL },
  { "DJF", 0, NULL },
  { "DKK", 2, NULL },
  { "DOP", 2, NULL },
  { "DZD", 2, NULL },
  { "EGP", 2, NULL },
  { "ETB", 2, NULL },
  { "EUR", 2, "€" },
  { "FJD", 2, NULL },
  { "FKP", 2, NULL },
  { "GBP", 2, "£" },
  { "GEL", 2, NULL },
  { "GHS", 2, NULL },
  { "GIP", 2, NULL },
  { "GMD", 2, NULL },
  { "GNF", 0, NULL },
  { "GTQ", 2, NULL },
  { "GYD", 2, NULL },
  { "HKD", 2, "HK$" },
  { "HNL", 2, NULL },
  { "HRK", 2, NULL },
  { "HTG", 2, NULL },
  { "HUF", 2, NULL },
  { "IDR", 2, NULL },
  { "ILS", 2, "₪" },
  { "INR", 2, "₹" },
  { "IQD", 3, NULL },
  { "JMD", 2, NULL },
  { "JOD", 3, NULL },
  { "JPY", 0, "¥" },
  { "KES", 2, NULL },
  { "KGS", 2, NULL },
  { "KHR", 2, NULL },
  { "KMF", 0, NULL },
  { "KRW", 0, "₩" },
  { "KWD", 3, NULL },
  { "KYD", 2, NULL },
  { "KZT", 2, NULL },
  { "LAK", 2, NULL },
  { "LBP", 2, NULL },
  { "LKR", 2, NULL },
  { "LRD", 2, NULL },
  { "LSL", 2, NULL },
  { "LYD", 3, NULL },
  { "MAD", 2, NULL },
  { "MDL", 2, NULL },
  { "MGA", 2, NULL },
  { "MKD", 2, NULL },
  { "MMK", 2, NULL },
  { "MNT", 2, NULL },
  { "MOP", 2, NULL },
  { "MRU", 2, NULL },
  { "MUR", 2, NULL },
  { "MVR", 2, NULL },
  { "MWK", 2, NULL },
  { "MXN", 2, "MX$" },
  { "MYR", 2, NULL },
  { "MZN", 2, NULL },
  { "NAD", 2, NULL },
  { "NGN", 2, NULL },
  { "NIO", 2, NULL },
  { "NOK", 2, NULL },
  { "NPR", 2, NULL },
  { "NZD", 2, "NZ$" },
  { "OMR", 3, NULL },
  { "PAB", 2, NULL },
  { "PEN", 2, NULL },
  { "PGK", 2, NULL },
  { "PHP", 2, "₱" },
  { "PKR", 2, NULL },
  { "PLN", 2, NULL },
  { "PYG", 0, NULL },
  { "QAR", 2, NULL },
  { "RON", 2, NULL },
  { "RSD", 2, NULL },
  { "RUB", 2, NULL },
  { "RWF", 0, NULL },
  { "SAR", 2, NULL },
  { "SBD", 2, NULL },
  { "SCR", 2, NULL },
  { "SEK", 2, NULL },
  { "SGD", 2, NULL },
  { "SHP", 2, NULL },
  { "SLE", 2, NULL },
  { "SLL", 2, NULL },
  { "SOS", 2, NULL },
  { "SRD", 2, NULL },
  { "SSP", 2, NULL },
  { "STN", 2, NULL },
  { "SVC", 2, NULL },
  { "SZL", 2, NULL },
  { "THB", 2, NULL },
  { "TND", 3, NULL },
  { "TOP", 2, NULL },
  { "TRY", 2, NULL },
  { "TTD", 2, NULL },
  { "TWD", 2, "NT$" },
  { "TZS", 2, NULL },
  { "UAH", 2, NULL },
  { "UGX", 0, NULL },
  { "USD", 2, "$" },
  { "UYU", 2, NULL },
  { "UZS", 2, NULL },
  { "VES", 2, NULL },
  { "VND", 0, "₫" },
  { "VUV", 0, NULL },
  { "WST", 2, NULL },
  { "XAF", 0, NULL },
  { "XCD", 2, "EC$" },
  { "XOF", 0, NULL },
  { "XPF", 0, NULL },
  { "YER", 2, NULL },
  { "ZAR", 2, NULL },
  { "ZMW", 2, NULL },
};

/* The largest exponent in the table; 10^3 fits easily in a gint64. */
#define MAX_EXPONENT 3

G_DEFINE_BOXED_TYPE (BdMoney, bd_money, bd_money_copy, bd_money_free)
G_DEFINE_QUARK (bd-money-error-quark, bd_money_error)

/* ------------------------------------------------------------------------ */
/* Helpers: currencies                                                       */
/* ------------------------------------------------------------------------ */

static int
currency_compare (const void *key,
                  const void *member)
{
  const BdCurrencyInfo *info = member;

  return strcmp (key, info->code);
}

/* Codes are matched exactly: ISO 4217 codes are upper case, and so is every
 * currency the Dodo API sends. */
static const BdCurrencyInfo *
currency_lookup (const char *currency)
{
  if (currency == NULL)
    return NULL;

  return bsearch (currency, currencies, G_N_ELEMENTS (currencies),
                  sizeof currencies[0], currency_compare);
}

static const char *
currency_display_symbol (const BdCurrencyInfo *info)
{
  return info->symbol != NULL ? info->symbol : info->code;
}

/* ------------------------------------------------------------------------ */
/* Helpers: the user's locale                                                */
/* ------------------------------------------------------------------------ */

/* What formatting and parsing need from localeconv(), copied (localeconv()
 * returns static storage that the next call overwrites) and converted to
 * UTF-8.  Every string is non-NULL; @thousands and @grouping may be empty,
 * which means "no grouping". */
typedef struct
{
  char *decimal;
  char *thousands;
  char *grouping;
  char *negative_sign;
  int   p_cs_precedes;
  int   p_sep_by_space;
  int   p_sign_posn;
  int   n_cs_precedes;
  int   n_sep_by_space;
  int   n_sign_posn;
} LocaleInfo;

static void
locale_info_clear (LocaleInfo *li)
{
  g_clear_pointer (&li->decimal, g_free);
  g_clear_pointer (&li->thousands, g_free);
  g_clear_pointer (&li->grouping, g_free);
  g_clear_pointer (&li->negative_sign, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LocaleInfo, locale_info_clear)

static char *
locale_string (const char *s,
               gboolean    is_utf8,
               const char *fallback)
{
  char *ret = NULL;

  if (s == NULL || *s == '\0')
    return g_strdup (fallback);

  if (is_utf8)
    {
      if (g_utf8_validate (s, -1, NULL))
        ret = g_strdup (s);
    }
  else
    ret = g_locale_to_utf8 (s, -1, NULL, NULL, NULL);

  return ret != NULL ? ret : g_strdup (fallback);
}

static int
lconv_value (char value,
             int  fallback)
{
  /* CHAR_MAX means "not available in this locale" (the C locale). */
  if (value == CHAR_MAX || value < 0)
    return fallback;
  return value;
}

/* Reads the current C locale at call time.  LC_MONETARY is preferred; when it
 * has no decimal mark (the C/POSIX locale) the LC_NUMERIC marks are used, and
 * failing that '.'.  localeconv() is not thread-safe, so like the rest of the
 * UI this is meant to be called from the main thread. */
static void
locale_info_init (LocaleInfo *li)
{
  const struct lconv *lc = localeconv ();
  gboolean is_utf8 = g_get_charset (NULL);

  if (lc->mon_decimal_point != NULL && *lc->mon_decimal_point != '\0')
    {
      li->decimal = locale_string (lc->mon_decimal_point, is_utf8, ".");
      li->thousands = locale_string (lc->mon_thousands_sep, is_utf8, "");
      li->grouping = g_strdup (lc->mon_grouping != NULL ? lc->mon_grouping : "");
    }
  else
    {
      li->decimal = locale_string (lc->decimal_point, is_utf8, ".");
      li->thousands = locale_string (lc->thousands_sep, is_utf8, "");
      li->grouping = g_strdup (lc->grouping != NULL ? lc->grouping : "");
    }

  li->negative_sign = locale_string (lc->negative_sign, is_utf8, "-");

  li->p_cs_precedes = lconv_value (lc->p_cs_precedes, 1);
  li->p_sep_by_space = lconv_value (lc->p_sep_by_space, 0);
  li->p_sign_posn = lconv_value (lc->p_sign_posn, 1);
  li->n_cs_precedes = lconv_value (lc->n_cs_precedes, 1);
  li->n_sep_by_space = lconv_value (lc->n_sep_by_space, 0);
  li->n_sign_posn = lconv_value (lc->n_sign_posn, 1);

  /* A grouping separator that is also the decimal mark would make numbers
   * unreadable (and unparseable); drop grouping then. */
  if (strcmp (li->thousands, li->decimal) == 0)
    {
      g_free (li->thousands);
      li->thousands = g_strdup ("");
    }
}

/* The size of group @index counted from the decimal mark (0 is the group
 * right before it), following the localeconv() grouping rules: each byte is
 * a group size, the last one repeats, CHAR_MAX stops grouping.  Returns 0
 * when there is no group at @index (the remaining digits stay together). */
static guint
grouping_size (const char *grouping,
               guint       index)
{
  int last = 0;

  for (guint i = 0; ; i++)
    {
      int g = grouping[i];

      if (g == '\0')
        return last;
      if (g == CHAR_MAX || g < 0)
        return 0;
      if (i == index)
        return g;
      last = g;
    }
}

/* ------------------------------------------------------------------------ */
/* Helpers: formatting                                                       */
/* ------------------------------------------------------------------------ */

static guint64
power_of_ten (int exponent)
{
  guint64 p = 1;

  g_assert (exponent >= 0 && exponent <= MAX_EXPONENT);

  for (int i = 0; i < exponent; i++)
    p *= 10;
  return p;
}

static guint64
magnitude (gint64 amount)
{
  /* -(guint64) is well defined for G_MININT64, unlike -amount. */
  return amount < 0 ? -(guint64) amount : (guint64) amount;
}

static void
append_grouped (GString    *out,
                const char *digits,
                const char *separator,
                const char *grouping)
{
  gsize len = strlen (digits);
  gsize cuts[32];
  guint n_cuts = 0;
  gsize pos = len;
  gsize prev = 0;

  if (*separator != '\0')
    {
      for (guint i = 0; n_cuts < G_N_ELEMENTS (cuts); i++)
        {
          guint size = grouping_size (grouping, i);

          if (size == 0 || size >= pos)
            break;
          pos -= size;
          cuts[n_cuts++] = pos;
        }
    }

  /* cuts[] holds the separator positions from right to left. */
  for (guint i = n_cuts; i > 0; i--)
    {
      g_string_append_len (out, digits + prev, cuts[i - 1] - prev);
      g_string_append (out, separator);
      prev = cuts[i - 1];
    }
  g_string_append (out, digits + prev);
}

/* The number without sign or symbol: "1,234.50" */
static char *
format_quantity (guint64           value,
                 int               exponent,
                 const LocaleInfo *li)
{
  guint64 scale = power_of_ten (exponent);
  char major[32];
  GString *out = g_string_new (NULL);

  g_snprintf (major, sizeof major, "%" G_GUINT64_FORMAT, value / scale);
  append_grouped (out, major, li->thousands, li->grouping);

  if (exponent > 0)
    {
      g_string_append (out, li->decimal);
      g_string_append_printf (out, "%0*" G_GUINT64_FORMAT, exponent, value % scale);
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_letter_at (const char *s,
              gboolean    at_end)
{
  const char *p;

  if (*s == '\0')
    return FALSE;

  p = at_end ? g_utf8_find_prev_char (s, s + strlen (s)) : s;
  return p != NULL && g_unichar_isalpha (g_utf8_get_char (p));
}

/* Places sign, symbol and quantity as POSIX describes cs_precedes,
 * sep_by_space and sign_posn.  Parentheses (sign_posn 0) are replaced by a
 * leading sign: Billing Desk always shows a minus sign. */
static void
append_positioned (GString    *out,
                   const char *sign,
                   const char *symbol,
                   const char *quantity,
                   int         cs_precedes,
                   int         sep_by_space,
                   int         sign_posn)
{
  gboolean has_sign = *sign != '\0';
  const char *sep1;
  const char *sep2;

  /* A code such as "KWD" must not touch the digits ("KWD1.500"). */
  if (sep_by_space == 0 && is_letter_at (symbol, cs_precedes))
    sep_by_space = 1;

  if (sign_posn < 1 || sign_posn > 4)
    sign_posn = 1;

  /* sep1: between the value and the symbol (or the sign+symbol pair);
   * sep2: between the sign and whatever it is next to. */
  sep1 = sep_by_space == 1 ? " " : "";
  sep2 = sep_by_space == 2 && has_sign ? " " : "";

  if (cs_precedes)
    {
      switch (sign_posn)
        {
        case 1:
        case 3:
          g_string_append_printf (out, "%s%s%s%s%s", sign, sep2, symbol, sep1, quantity);
          break;
        case 2:
          g_string_append_printf (out, "%s%s%s%s%s", symbol, sep1, quantity, sep2, sign);
          break;
        case 4:
        default:
          g_string_append_printf (out, "%s%s%s%s%s", symbol, sep2, sign, sep1, quantity);
          break;
        }
    }
  else
    {
      switch (sign_posn)
        {
        case 1:
          g_string_append_printf (out, "%s%s%s%s%s", sign, sep2, quantity, sep1, symbol);
          break;
        case 3:
          g_string_append_printf (out, "%s%s%s%s%s", quantity, sep1, sign, sep2, symbol);
          break;
        case 2:
        case 4:
        default:
          g_string_append_printf (out, "%s%s%s%s%s", quantity, sep1, symbol, sep2, sign);
          break;
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Helpers: parsing                                                          */
/* ------------------------------------------------------------------------ */

static gboolean
is_minus (gunichar c)
{
  return c == '-' || c == 0x2212 /* MINUS SIGN */;
}

static gboolean
is_mark (gunichar c)
{
  return c == '.' || c == ',';
}

/* Characters that can only be thousands separators: spaces (ASCII, no-break,
 * narrow no-break, thin), apostrophes (Swiss style) and the locale's own. */
static gboolean
is_group_only (gunichar c,
               gunichar locale_thousands)
{
  switch (c)
    {
    case ' ':
    case 0x00A0:
    case 0x202F:
    case 0x2009:
    case '\'':
    case 0x2019:
      return TRUE;
    default:
      return c != 0 && c == locale_thousands && !is_mark (c);
    }
}

/* Returns a newly allocated copy of @text without leading and trailing
 * Unicode white space. */
static char *
strip_unicode (const char *text)
{
  const char *start = text;
  const char *end = text + strlen (text);

  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);

  while (end > start)
    {
      const char *prev = g_utf8_find_prev_char (start, end);

      if (prev == NULL || !g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  return g_strndup (start, end - start);
}

static gboolean
strip_prefix (char       **text,
              const char  *prefix,
              gboolean     ignore_case)
{
  gsize len = strlen (prefix);
  gboolean match;

  if (ignore_case)
    match = g_ascii_strncasecmp (*text, prefix, len) == 0 && !g_ascii_isalpha ((*text)[len]);
  else
    match = g_str_has_prefix (*text, prefix);

  if (match)
    {
      char *rest = strip_unicode (*text + len);

      g_free (*text);
      *text = rest;
    }

  return match;
}

static gboolean
strip_suffix (char       **text,
              const char  *suffix,
              gboolean     ignore_case)
{
  gsize len = strlen (suffix);
  gsize text_len = strlen (*text);
  gboolean match = FALSE;

  if (text_len >= len)
    {
      const char *tail = *text + text_len - len;

      if (ignore_case)
        match = g_ascii_strncasecmp (tail, suffix, len) == 0 &&
                (tail == *text || !g_ascii_isalpha (tail[-1]));
      else
        match = strcmp (tail, suffix) == 0;
    }

  if (match)
    {
      char *rest;

      (*text)[text_len - len] = '\0';
      rest = strip_unicode (*text);
      g_free (*text);
      *text = rest;
    }

  return match;
}

/* Takes off the currency's own symbol or code at either end ("$12", "12 €",
 * "KWD 1.500"), once. */
static void
strip_currency (char                 **text,
                const BdCurrencyInfo  *info)
{
  if (info->symbol != NULL &&
      (strip_prefix (text, info->symbol, FALSE) || strip_suffix (text, info->symbol, FALSE)))
    return;

  if (!strip_prefix (text, info->code, TRUE))
    strip_suffix (text, info->code, TRUE);
}

typedef struct
{
  const char *start;
  gsize       len;
} Run;

/* Whether runs[0 .. n_runs-1] (n_runs >= 2, left to right) are the integer
 * part of a number grouped according to @grouping. */
static gboolean
grouping_matches (const Run  *runs,
                  guint       n_runs,
                  const char *grouping)
{
  guint leftmost_max;

  g_assert (n_runs >= 2);

  for (guint j = 0; j + 1 < n_runs; j++)
    {
      guint size = grouping_size (grouping, j);

      if (size == 0 || runs[n_runs - 1 - j].len != size)
        return FALSE;
    }

  /* The leftmost group: not empty, no leading zero ("0,123" is not 123),
   * no longer than the group size (unless grouping stops there). */
  if (runs[0].len == 0 || runs[0].start[0] == '0')
    return FALSE;

  leftmost_max = grouping_size (grouping, n_runs - 1);
  return leftmost_max == 0 || runs[0].len <= leftmost_max;
}

/* Groups of three are accepted everywhere; the locale's own grouping (the
 * Indian 3;2 "1,23,456") is accepted as well. */
static gboolean
grouping_valid (const Run  *runs,
                guint       n_runs,
                const char *locale_grouping)
{
  if (grouping_matches (runs, n_runs, "\3"))
    return TRUE;

  return *locale_grouping != '\0' && grouping_matches (runs, n_runs, locale_grouping);
}

/* Accumulates the digits into minor units, checking for gint64 overflow
 * before every multiplication.  @frac has at most @exponent digits. */
static gboolean
digits_to_minor (const GString *integer,
                 const GString *frac,
                 int            exponent,
                 gint64        *out)
{
  gint64 value = 0;

  g_assert (frac->len <= (gsize) exponent);

  for (gsize i = 0; i < integer->len + exponent; i++)
    {
      int digit;

      if (i < integer->len)
        digit = integer->str[i] - '0';
      else if (i - integer->len < frac->len)
        digit = frac->str[i - integer->len] - '0';
      else
        digit = 0;

      if (value > (G_MAXINT64 - digit) / 10)
        return FALSE;
      value = value * 10 + digit;
    }

  *out = value;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Public API                                                                */
/* ------------------------------------------------------------------------ */

/**
 * bd_money_new:
 * @amount_minor: the amount in minor units
 * @currency: an ISO 4217 code, upper case ("USD")
 *
 * Returns: (transfer full) (nullable): a new #BdMoney, or %NULL when
 *   @currency is not one that Dodo Payments supports.
 */
BdMoney *
bd_money_new (gint64      amount_minor,
              const char *currency)
{
  const BdCurrencyInfo *info;
  BdMoney *self;

  g_return_val_if_fail (currency != NULL, NULL);

  info = currency_lookup (currency);
  if (info == NULL)
    return NULL;

  self = g_new0 (BdMoney, 1);
  self->amount = amount_minor;
  self->currency = info->code;

  return self;
}

/**
 * bd_money_copy:
 *
 * Returns: (transfer full): a copy of @self
 */
BdMoney *
bd_money_copy (const BdMoney *self)
{
  BdMoney *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (BdMoney, 1);
  copy->amount = self->amount;
  copy->currency = self->currency;

  return copy;
}

/* Accepts %NULL, like g_free(). */
void
bd_money_free (BdMoney *self)
{
  g_free (self);
}

gint64
bd_money_get_amount (const BdMoney *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->amount;
}

/* Returns: (transfer none): the ISO 4217 code, valid for the program's
 * lifetime (it is static storage, not owned by @self). */
const char *
bd_money_get_currency (const BdMoney *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->currency;
}

/* Same amount in the same currency.  Either side may be %NULL; %NULL is
 * equal only to %NULL (handy for nullable properties).  No conversion:
 * 100 USD is not equal to any EUR amount. */
gboolean
bd_money_equal (const BdMoney *a,
                const BdMoney *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return a->amount == b->amount && strcmp (a->currency, b->currency) == 0;
}

char *
bd_money_format (const BdMoney *self)
{
  g_auto(LocaleInfo) li = { 0 };
  const BdCurrencyInfo *info;
  g_autofree char *quantity = NULL;
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  info = currency_lookup (self->currency);
  g_assert (info != NULL);

  locale_info_init (&li);
  quantity = format_quantity (magnitude (self->amount), info->exponent, &li);
  out = g_string_new (NULL);

  if (self->amount < 0)
    append_positioned (out, li.negative_sign, currency_display_symbol (info), quantity,
                       li.n_cs_precedes, li.n_sep_by_space, li.n_sign_posn);
  else
    append_positioned (out, "", currency_display_symbol (info), quantity,
                       li.p_cs_precedes, li.p_sep_by_space, li.p_sign_posn);

  return g_string_free (out, FALSE);
}

char *
bd_money_format_plain (const BdMoney *self)
{
  const BdCurrencyInfo *info;
  guint64 value;
  guint64 scale;

  g_return_val_if_fail (self != NULL, NULL);

  info = currency_lookup (self->currency);
  g_assert (info != NULL);

  value = magnitude (self->amount);
  scale = power_of_ten (info->exponent);

  if (info->exponent == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT,
                            self->amount < 0 ? "-" : "", value);

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT,
                          self->amount < 0 ? "-" : "",
                          value / scale, info->exponent, value % scale);
}

/**
 * bd_money_parse:
 * @text: what a person typed
 * @currency: the ISO 4217 code the amount is in
 * @out_minor: (out): the amount in minor units; untouched on error
 * @error: a #BD_MONEY_ERROR
 *
 * The rules, in order.  D is the locale's decimal mark and T its thousands
 * separator (LC_MONETARY, falling back to LC_NUMERIC, read at call time).
 *
 * 1. Leading and trailing white space is ignored.  Empty text is INVALID.
 * 2. Amounts merchants type are positive: a leading '-' or U+2212 (before or
 *    after the currency symbol) is refused as INVALID.  '+' and parentheses
 *    are not accepted either.
 * 3. The currency's own symbol or ISO code (any case) may stand at the start
 *    or the end, with or without a space: "$12", "12,50 €", "kwd 1.5".
 *    Any other letter or symbol is INVALID.
 * 4. What is left is ASCII digits separated by single separators: '.', ','
 *    (marks, which may be decimal or grouping) or a grouping-only character
 *    (space, no-break space, narrow no-break space, thin space, ' or ’, or
 *    the locale's T).  Two separators in a row, or one at the end, are
 *    INVALID.  A leading mark (".5") means "0.5".
 * 5. Only one grouping character may be used.  Groups must be groups of
 *    three ("1,234,567") or follow the locale's grouping ("1,23,456" in
 *    en_IN); the first group has no leading zero.  Badly placed groups
 *    ("1.2.3", "12,34,5") are INVALID.
 * 6. Which mark is the decimal mark:
 *    - with both '.' and ',': the last one, which must occur once and after
 *      all the others ("1.234,56.7" is INVALID).  If D is '.' or ',' and
 *      the last mark is not D, the text is AMBIGUOUS ("1.234,50" in en_US,
 *      "1,234.50" in de_DE: marks in the wrong order for this locale).
 *    - with grouping-only characters: a mark must be the last separator and
 *      occur once; it is the decimal mark ("1 234,50").
 *    - one kind of mark, more than once: grouping ("1,234,567").
 *    - one mark, once: if it cannot be a grouping separator ("12,5",
 *      "1234.50", "0.125") it is the decimal mark, whatever the locale.
 *      If it could be either ("1,234", "1.500") the locale decides: D is
 *      decimal, T is grouping; in a locale where it is neither (the C
 *      locale's ',', de_CH's ',') the text is AMBIGUOUS.
 * 7. More decimals than the currency's exponent is TOO_PRECISE, even when
 *    the extra digits are zeros ("1.230" USD, "5.0" JPY): a digit too many
 *    usually means the marks were misread.
 * 8. More than G_MAXINT64 minor units is OUT_OF_RANGE.
 *
 * Only ASCII digits are accepted.  Error messages are translated and name
 * the problem; they quote @text.
 *
 * Returns: %TRUE and sets @out_minor on success
 */
gboolean
bd_money_parse (const char  *text,
                const char  *currency,
                gint64      *out_minor,
                GError     **error)
{
  g_auto(LocaleInfo) li = { 0 };
  const BdCurrencyInfo *info;
  g_autofree char *trimmed = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GArray) runs = NULL;
  g_autoptr(GArray) seps = NULL;
  g_autoptr(GString) integer = NULL;
  g_autoptr(GString) frac = NULL;
  gunichar decimal_mark;
  gunichar thousands;
  gunichar group_char = 0;
  guint n_seps;
  guint n_marks = 0;
  gboolean has_dot = FALSE;
  gboolean has_comma = FALSE;
  int decimal_index = -1;   /* index into seps[] of the decimal mark */
  guint n_int_runs;
  const char *run_start;
  const char *p;
  gint64 value;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (currency != NULL, FALSE);
  g_return_val_if_fail (out_minor != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  info = currency_lookup (currency);
  if (info == NULL)
    {
      g_set_error (error, BD_MONEY_ERROR, BD_MONEY_ERROR_UNKNOWN_CURRENCY,
                   _("“%s” is not a currency Dodo Payments supports"), currency);
      return FALSE;
    }

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, BD_MONEY_ERROR, BD_MONEY_ERROR_INVALID,
                           _("The amount is not valid text"));
      return FALSE;
    }

  /* Rules 1–3 */
  trimmed = strip_unicode (text);
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, BD_MONEY_ERROR, BD_MONEY_ERROR_INVALID,
                           _("Enter an amount"));
      return FALSE;
    }

  body = g_strdup (trimmed);
  if (!is_minus (g_utf8_get_char (body)))
    {
      strip_currency (&body, info);
      if (*body == '\0')
        {
          g_set_error_literal (error, BD_MONEY_ERROR, BD_MONEY_ERROR_INVALID,
                               _("Enter an amount"));
          return FALSE;
        }
    }

  if (is_minus (g_utf8_get_char (body)))
    {
      g_set_error_literal (error, BD_MONEY_ERROR, BD_MONEY_ERROR_INVALID,
                           _("Amounts cannot be negative"));
      return FALSE;
    }

  locale_info_init (&li);
  decimal_mark = g_utf8_get_char (li.decimal);
  thousands = g_utf8_get_char (li.thousands);

  /* Rule 4: split into runs of digits and the separators between them. */
  runs = g_array_new (FALSE, FALSE, sizeof (Run));
  seps = g_array_new (FALSE, FALSE, sizeof (gunichar));
  run_start = body;

  for (p = body; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= '0' && c <= '9')
        continue;

      if (!is_mark (c) && !is_group_only (c, thousands))
        {
          g_set_error (error, BD_MONEY_ERROR, BD_MONEY_ERROR_INVALID,
                       _("“%s” is not an amount: use digits and one decimal mark"),
                       trimmed);
          return FALSE;
        }

      g_array_append_val (runs, ((Run) { run_start, p - run_start }));
      g_array_append_val (seps, c);
      run_start = g_utf8_next_char (p);
    }
  g_array_append_val (runs, ((Run) { run_start, p - run_start }));

  n_seps = seps->len;

  for (guint i = 0; i < runs->len; i++)
    {
      const Run *run = &g_array_index (runs, Run, i);

      /* Only the first run may be empty, and only before a single mark. */
      if (run->len == 0 &&
          (i > 0 || n_seps != 1 || !is_mark (g_array_index (seps, gunichar, 0))))
        goto misplaced;
    }

  /* Rules 5 and 6 */
  for (guint i = 0; i < n_seps; i++)
    {
      gunichar c = g_array_index (seps, gunichar, i);

      if (c == '.')
        {
          has_dot = TRUE;
          n_marks++;
        }
      else if (c == ',')
        {
          has_comma = TRUE;
          n_marks++;
        }
      else if (group_char != 0 && group_char != c)
        goto misplaced;
      else
        group_char = c;
    }

  if (n_seps == 0)
    decimal_index = -1;
  else if (group_char != 0)
    {
      if (n_marks > 1)
        goto misplaced;
      if (n_marks == 1)
        {
          if (!is_mark (g_array_index (seps, gunichar, n_seps - 1)))
            goto misplaced;
          decimal_index = n_seps - 1;
        }
    }
  else if (has_dot && has_comma)
    {
      gunichar last = g_array_index (seps, gunichar, n_seps - 1);

      for (guint i = 0; i + 1 < n_seps; i++)
        if (g_array_index (seps, gunichar, i) == last)
          goto misplaced;

      if (is_mark (decimal_mark) && last != decimal_mark)
        {
          g_set_error (error, BD_MONEY_ERROR, BD_MONEY_ERROR_AMBIGUOUS,
                       _("“%s” is ambiguous: the decimal mark in your region is “%s”"),
                       trimmed, li.decimal);
          return FALSE;
        }
      decimal_index = n_seps - 1;
    }
  else if (n_seps >= 2)
    decimal_index = -1;
  else
    {
      gunichar c = g_array_index (seps, gunichar, 0);
      gboolean can_group = grouping_valid ((const Run *) (void *) runs->data, 2, li.grouping);

      if (!can_group || c == decimal_mark)
        decimal_index = 0;
      else if (c == thousands)
        decimal_index = -1;
      else
        {
          g_set_error (error, BD_MONEY_ERROR, BD_MONEY_ERROR_AMBIGUOUS,
                       _("“%s” is ambiguous: “%s” could be a decimal mark or a thousands separator"),
                       trimmed, c == '.' ? "." : ",");
          return FALSE;
        }
    }

  n_int_runs = decimal_index >= 0 ? (guint) decimal_index + 1 : runs->len;
  if (n_int_runs >= 2 &&
      !grouping_valid ((const Run *) (void *) runs->data, n_int_runs, li.grouping))
    goto misplaced;

  integer = g_string_new (NULL);
  frac = g_string_new (NULL);

  for (guint i = 0; i < n_int_runs; i++)
    {
      const Run *run = &g_array_index (runs, Run, i);

      g_string_append_len (integer, run->start, run->len);
    }

  if (decimal_index >= 0)
    {
      const Run *run = &g_array_index (runs, Run, runs->len - 1);

      g_string_append_len (frac, run->start, run->len);
    }

  /* Rule 7 */
  if (frac->len > (gsize) info->exponent)
    {
      if (info->exponent == 0)
        g_set_error (error, BD_MONEY_ERROR, BD_MONEY_ERROR_TOO_PRECISE,
                     _("“%s” has decimals, but %s amounts are whole numbers"),
                     trimmed, info->code);
      else
        g_set_error (error, BD_MONEY_ERROR, BD_MONEY_ERROR_TOO_PRECISE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "“%s” has too many decimals: %s amounts have at most %d decimal place",
                                  "“%s” has too many decimals: %s amounts have at most %d decimal places",
                                  info->exponent),
                     trimmed, info->code, info->exponent);
      return FALSE;
    }

  /* Rule 8 */
  if (!digits_to_minor (integer, frac, info->exponent, &value))
    {
      g_set_error (error, BD_MONEY_ERROR, BD_MONEY_ERROR_OUT_OF_RANGE,
                   _("“%s” is too large an amount"), trimmed);
      return FALSE;
    }

  *out_minor = value;
  return TRUE;

misplaced:
  g_set_error (error, BD_MONEY_ERROR, BD_MONEY_ERROR_INVALID,
               _("“%s” is not an amount: a separator is in the wrong place"), trimmed);
  return FALSE;
}

int
bd_currency_get_exponent (const char *currency)
{
  const BdCurrencyInfo *info;

  g_return_val_if_fail (currency != NULL, -1);

  info = currency_lookup (currency);
  return info != NULL ? info->exponent : -1;
}

gboolean
bd_currency_is_known (const char *currency)
{
  g_return_val_if_fail (currency != NULL, FALSE);

  return currency_lookup (currency) != NULL;
}

/* Returns: (transfer none): the symbol shown for @currency ("$", "€",
 * "CA$"), its code when it has no well-known symbol, or %NULL when the
 * currency is unknown. */
const char *
bd_currency_get_symbol (const char *currency)
{
  const BdCurrencyInfo *info;

  g_return_val_if_fail (currency != NULL, NULL);

  info = currency_lookup (currency);
  return info != NULL ? currency_display_symbol (info) : NULL;
}

/* Returns: (transfer none) (array zero-terminated=1): every supported
 * code, sorted; owned by the library, valid for the program's lifetime. */
const char * const *
bd_currency_get_codes (void)
{
  static const char **codes;

  if (g_once_init_enter (&codes))
    {
      const char **list = g_new0 (const char *, G_N_ELEMENTS (currencies) + 1);

      for (guint i = 0; i < G_N_ELEMENTS (currencies); i++)
        list[i] = currencies[i].code;

      g_once_init_leave (&codes, list);
    }

  return codes;
}
