/* bd-sandbox-gen.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sandbox"

#include "config.h"

#include <string.h>

#include "bd-sandbox-gen.h"

static const char alphabet[] =
  "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* The id is 11 base-62 digits of a 64-bit bijective mix of the serial,
 * then 10 digits of a check value: a typo or another key fails to decode. */
#define MIX_DIGITS   11
#define CHECK_DIGITS (BD_SANDBOX_ID_CHARS - MIX_DIGITS)

#define MIX_C1 G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9)
#define MIX_C2 G_GUINT64_CONSTANT (0x94d049bb133111eb)

guint64
bd_sandbox_rand_next (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * MIX_C1;
  z = (z ^ (z >> 27)) * MIX_C2;
  return z ^ (z >> 31);
}

guint64
bd_sandbox_rand_below (guint64 *state,
                       guint64  n)
{
  return n == 0 ? 0 : bd_sandbox_rand_next (state) % n;
}

guint64
bd_sandbox_rand_init (guint64 seed,
                      guint64 stream,
                      guint64 index)
{
  guint64 state = seed ^ (stream * G_GUINT64_CONSTANT (0xd1b54a32d192ed03));

  state ^= bd_sandbox_rand_next (&state) + index;
  bd_sandbox_rand_next (&state);
  return state;
}

static guint64
unshift_right (guint64 y,
               guint   shift)
{
  guint64 x = y;

  for (guint i = 0; i < 64 / shift + 1; i++)
    x = y ^ (x >> shift);
  return x;
}

/* The inverse of an odd number modulo 2^64, by Newton's iteration. */
static guint64
odd_inverse (guint64 a)
{
  guint64 x = a;

  for (guint i = 0; i < 5; i++)
    x *= 2 - a * x;
  return x;
}

static guint64
mix (guint64 x)
{
  x = (x ^ (x >> 30)) * MIX_C1;
  x = (x ^ (x >> 27)) * MIX_C2;
  return x ^ (x >> 31);
}

static guint64
unmix (guint64 x)
{
  x = unshift_right (x, 31) * odd_inverse (MIX_C2);
  x = unshift_right (x, 27) * odd_inverse (MIX_C1);
  return unshift_right (x, 30);
}

/* Each prefix gets its own key, so pay_… and cus_… of the same serial
 * share no digits. */
static guint64
prefix_key (const char *prefix,
            guint64     key)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (const char *p = prefix; *p != '\0'; p++)
    h = (h ^ (guchar) *p) * G_GUINT64_CONSTANT (0x100000001b3);
  return key ^ h;
}

static void
put_digits (char    *out,
            guint64  value,
            guint    n)
{
  for (guint i = n; i > 0; i--)
    {
      out[i - 1] = alphabet[value % 62];
      value /= 62;
    }
}

char *
bd_sandbox_id_encode (const char *prefix,
                      guint64     key,
                      guint64     serial)
{
  gsize plen = strlen (prefix);
  char *id = g_malloc (plen + 1 + BD_SANDBOX_ID_CHARS + 1);
  guint64 mixed;

  key = prefix_key (prefix, key);
  mixed = mix (serial ^ key);

  memcpy (id, prefix, plen);
  id[plen] = '_';
  put_digits (id + plen + 1, mixed, MIX_DIGITS);
  put_digits (id + plen + 1 + MIX_DIGITS, mix (mixed ^ key ^ plen), CHECK_DIGITS);
  id[plen + 1 + BD_SANDBOX_ID_CHARS] = '\0';
  return id;
}

gboolean
bd_sandbox_id_decode (const char *id,
                      const char *prefix,
                      guint64     key,
                      guint64    *serial)
{
  gsize plen = strlen (prefix);
  const char *digits;
  guint64 mixed = 0;
  char check[CHECK_DIGITS];

  if (id == NULL || strlen (id) != plen + 1 + BD_SANDBOX_ID_CHARS ||
      strncmp (id, prefix, plen) != 0 || id[plen] != '_')
    return FALSE;

  key = prefix_key (prefix, key);

  digits = id + plen + 1;
  for (guint i = 0; i < MIX_DIGITS; i++)
    {
      const char *pos = memchr (alphabet, digits[i], 62);

      if (pos == NULL || digits[i] == '\0')
        return FALSE;
      /* 62^11 exceeds 2^64: reject what would wrap. */
      if (mixed > (G_MAXUINT64 - (guint64) (pos - alphabet)) / 62)
        return FALSE;
      mixed = mixed * 62 + (guint64) (pos - alphabet);
    }

  put_digits (check, mix (mixed ^ key ^ plen), CHECK_DIGITS);
  if (memcmp (check, digits + MIX_DIGITS, CHECK_DIGITS) != 0)
    return FALSE;

  *serial = unmix (mixed) ^ key;
  return TRUE;
}

const char *
bd_sandbox_pick (guint64            *state,
                 const char * const *choices)
{
  guint n = g_strv_length ((char **) choices);

  return choices[bd_sandbox_rand_below (state, n)];
}

static const char * const given_names[] = {
  "Olivia", "Liam", "Emma", "Noah", "Ava", "Lucas", "Mia", "Ethan", "Sofia",
  "Mateo", "Aarav", "Priya", "Ananya", "Rohan", "Zoë", "Chloé", "Léa",
  "François", "Jürgen", "Åsa", "Björn", "Søren", "Małgorzata", "Łukasz",
  "José", "María", "Ángel", "Çağla", "Yusuf", "Fatima", "Omar", "Layla",
  "Hiroshi", "Yuki", "Mei", "Wei", "Min-jun", "Ji-woo", "Nguyễn", "Olumide",
  "Chiamaka", "Kwame", "Amara", "Siobhán", "Niamh", "Dmitri", "Анна",
  "Иван", "Ελένη", "Νίκος", "Grace", "Henry", "Isabella", "Jack", "Kai",
  "Laura", "Marco", "Nina", "Oscar", "Paula", "Quinn", "Rafael", "Sara",
  NULL
};

static const char * const family_names[] = {
  "Smith", "Johnson", "Williams", "Brown", "Garcia", "Miller", "Davis",
  "Martínez", "Müller", "Schröder", "Dubois", "Lefèvre", "Rossi", "Bianchi",
  "Kowalski", "Nowak", "Sharma", "Patel", "Iyer", "Reddy", "Khan", "Ahmed",
  "Tanaka", "Suzuki", "Watanabe", "Chen", "Wang", "Kim", "Park", "Okafor",
  "Adeyemi", "Mensah", "O'Brien", "Ó Súilleabháin", "Ivanova", "Petrov",
  "Papadopoulos", "Nielsen", "Andersson", "Lindqvist", "Haugen", "Silva",
  "Santos", "Costa", "Yılmaz", "Öztürk", "Nguyen", "Tran", "Cohen", "Levi",
  NULL
};

static const char * const mail_domains[] = {
  "example.com", "example.org", "example.net", "mail.example", "corp.example",
  NULL
};

/* The ASCII local part of an e-mail address for @name: letters and digits
 * kept, the rest (accents, other scripts) dropped or turned into dots. */
static char *
mail_local_part (const char *name,
                 guint64     number)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  GString *out = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (*p == ' ' && out->len > 0 && out->str[out->len - 1] != '.')
        g_string_append_c (out, '.');
    }
  if (out->len == 0 || out->str[out->len - 1] == '.')
    g_string_append (out, "customer");
  g_string_append_printf (out, "%" G_GUINT64_FORMAT, number);
  return g_string_free (out, FALSE);
}

void
bd_sandbox_gen_person (guint64  *state,
                       char    **name,
                       char    **email)
{
  const char *given = bd_sandbox_pick (state, given_names);
  const char *family = bd_sandbox_pick (state, family_names);
  g_autofree char *local = NULL;

  *name = g_strdup_printf ("%s %s", given, family);
  local = mail_local_part (*name, bd_sandbox_rand_below (state, 1000));
  *email = g_strdup_printf ("%s@%s", local, bd_sandbox_pick (state, mail_domains));
}
