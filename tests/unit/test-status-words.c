/* test-status-words.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <libintl.h>

#include "bd-enums.h"
#include "bd-status-words.h"
#include "bd-test-util.h"

/* Every value of every status set has its own words, never Dodo's raw
 * string, and the German catalogue built from po/de.po translates each
 * one: a status added to an enum without a word, or a word without a
 * translation, fails here. */

static const struct
{
  const char *name;
  GType     (*get_type) (void);
} sets[] = {
  { "payment", bd_payment_status_get_type },
  { "refund", bd_refund_status_get_type },
  { "subscription", bd_subscription_status_get_type },
  { "dispute", bd_dispute_status_get_type },
  { "dispute stage", bd_dispute_stage_get_type },
};

static void
test_every_value_has_a_word (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (sets); s++)
    {
      GType type = sets[s].get_type ();
      g_autoptr(GEnumClass) klass = g_type_class_ref (type);

      /* UNKNOWN (0) has no word: what the server sent is shown then. */
      g_assert_null (bd_status_word (type, 0));
      g_assert_cmpstr (bd_status_word_for_raw (type, "something_new"), ==, "something_new");
      g_assert_cmpstr (bd_status_word_for_raw (type, NULL), ==, "—");

      for (guint i = 0; i < klass->n_values; i++)
        {
          GEnumValue *value = &klass->values[i];
          const char *word;

          if (value->value == 0)
            continue;
          word = bd_status_word (type, value->value);
          g_test_message ("%s %s: %s", sets[s].name, value->value_nick, word);
          g_assert_nonnull (word);
          g_assert_cmpstr (word, !=, value->value_nick);
          g_assert_cmpstr (bd_status_word_for_raw (type, value->value_nick), ==, word);
        }
    }
}

static void
test_every_word_translated (void)
{
  g_autofree char *catalogues = g_build_filename (g_getenv ("BD_BUILD_ROOT"), "po", NULL);
  g_autoptr(GPtrArray) english = g_ptr_array_new_with_free_func (g_free);
  guint n = 0;

  g_assert_nonnull (g_getenv ("BD_BUILD_ROOT"));
  setlocale (LC_ALL, "C.UTF-8");
  for (guint s = 0; s < G_N_ELEMENTS (sets); s++)
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (sets[s].get_type ());

      for (guint i = 1; i < klass->n_values; i++)
        g_ptr_array_add (english, g_strdup (bd_status_word (sets[s].get_type (), klass->values[i].value)));
    }

  /* The build tree's catalogue, under a German locale. */
  bindtextdomain (GETTEXT_PACKAGE, catalogues);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  if (setlocale (LC_ALL, "de_DE.UTF-8") == NULL)
    {
      bd_test_skip_or_fail ("locale de_DE.UTF-8 missing");
      return;
    }
  for (guint s = 0; s < G_N_ELEMENTS (sets); s++)
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (sets[s].get_type ());

      for (guint i = 1; i < klass->n_values; i++, n++)
        {
          const char *word = bd_status_word (sets[s].get_type (), klass->values[i].value);

          g_test_message ("%s %s: %s", sets[s].name, (char *) english->pdata[n], word);
          g_assert_cmpstr (word, !=, english->pdata[n]);
          g_assert_cmpstr (word, !=, klass->values[i].value_nick);
        }
    }
  g_assert_cmpuint (n, ==, english->len);
  g_assert_cmpstr (bd_status_refunded_word ("full"), ==, "Erstattet");
  setlocale (LC_ALL, "C.UTF-8");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/status-words/every-value-has-a-word", test_every_value_has_a_word);
  g_test_add_func ("/status-words/every-word-translated", test_every_word_translated);

  return g_test_run ();
}
