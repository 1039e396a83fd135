/* bd-sandbox-faults.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-sandbox"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bd-sandbox-faults.h"
#include "bd-sandbox-gen.h"

typedef struct
{
  char            *text;      /* the rule as given, for GET /_sandbox/faults */
  char            *method;    /* NULL: any */
  GPatternSpec    *pattern;
  BdSandboxFault   fault;
  double           rate;
  gint64           remaining; /* -1: no count */
  guint64          fired;
} Rule;

struct _BdSandboxFaults
{
  GPtrArray *rules;
  guint64    rng;
};

static const struct {
  const char          *name;
  BdSandboxFaultKind   kind;
  guint                status;
} kinds[] = {
  { "latency", BD_SANDBOX_FAULT_LATENCY, 0 },
  { "500", BD_SANDBOX_FAULT_STATUS, 500 },
  { "502", BD_SANDBOX_FAULT_STATUS, 502 },
  { "503", BD_SANDBOX_FAULT_STATUS, 503 },
  { "429", BD_SANDBOX_FAULT_STATUS, 429 },
  { "truncate", BD_SANDBOX_FAULT_TRUNCATE, 0 },
  { "malformed", BD_SANDBOX_FAULT_MALFORMED, 0 },
  { "drop-before", BD_SANDBOX_FAULT_DROP_BEFORE, 0 },
  { "drop-after", BD_SANDBOX_FAULT_DROP_AFTER, 0 },
};

static void
rule_free (Rule *rule)
{
  g_free (rule->text);
  g_free (rule->method);
  g_clear_pointer (&rule->pattern, g_pattern_spec_free);
  g_free (rule);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Rule, rule_free)

static gboolean
parse_uint (const char  *key,
            const char  *value,
            guint64      max,
            guint64     *out,
            GError     **error)
{
  if (g_ascii_string_to_unsigned (value, 10, 0, max, out, NULL))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("Fault “%s” must be a whole number, not “%s”"), key, value);
  return FALSE;
}

static Rule *
parse_rule (const char  *text,
            GError     **error)
{
  g_autoptr(Rule) rule = g_new0 (Rule, 1);
  g_auto(GStrv) pairs = g_strsplit (text, ",", -1);
  gboolean has_kind = FALSE;

  rule->text = g_strstrip (g_strdup (text));
  rule->rate = 1.0;
  rule->remaining = -1;
  rule->fault.latency_ms = 500;
  rule->fault.retry_after = 1;

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *pair = g_strstrip (pairs[i]);
      char *eq = strchr (pair, '=');
      const char *key, *value;
      guint64 number;

      if (*pair == '\0')
        continue;
      if (eq == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Fault rule part “%s” is not key=value"), pair);
          return NULL;
        }
      *eq = '\0';
      key = g_strstrip (pair);
      value = g_strstrip (eq + 1);

      if (g_str_equal (key, "route"))
        {
          const char *space = strchr (value, ' ');
          const char *glob = value;

          if (space != NULL)
            {
              rule->method = g_ascii_strup (value, space - value);
              glob = space + 1;
            }
          rule->pattern = g_pattern_spec_new (glob);
        }
      else if (g_str_equal (key, "fault"))
        {
          for (guint k = 0; k < G_N_ELEMENTS (kinds) && !has_kind; k++)
            if (g_str_equal (value, kinds[k].name))
              {
                rule->fault.kind = kinds[k].kind;
                rule->fault.status = kinds[k].status;
                has_kind = TRUE;
              }
          if (!has_kind)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Unknown fault “%s”"), value);
              return NULL;
            }
        }
      else if (g_str_equal (key, "ms"))
        {
          if (!parse_uint (key, value, 600000, &number, error))
            return NULL;
          rule->fault.latency_ms = (guint) number;
        }
      else if (g_str_equal (key, "retry_after"))
        {
          if (!parse_uint (key, value, 86400, &number, error))
            return NULL;
          rule->fault.retry_after = (guint) number;
        }
      else if (g_str_equal (key, "count"))
        {
          if (!parse_uint (key, value, G_MAXINT32, &number, error))
            return NULL;
          rule->remaining = (gint64) number;
        }
      else if (g_str_equal (key, "rate"))
        {
          char *end = NULL;

          rule->rate = g_ascii_strtod (value, &end);
          if (end == value || *end != '\0' || !(rule->rate >= 0.0 && rule->rate <= 1.0))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Fault rate must be between 0 and 1, not “%s”"), value);
              return NULL;
            }
        }
      else
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Unknown fault rule key “%s”"), key);
          return NULL;
        }
    }

  if (rule->pattern == NULL || !has_kind)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Fault rule “%s” needs route= and fault="), rule->text);
      return NULL;
    }
  return g_steal_pointer (&rule);
}

BdSandboxFaults *
bd_sandbox_faults_new (guint64 seed)
{
  BdSandboxFaults *self = g_new0 (BdSandboxFaults, 1);

  self->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
  self->rng = bd_sandbox_rand_init (seed, 0xfa, 0);
  return self;
}

void
bd_sandbox_faults_free (BdSandboxFaults *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->rules);
  g_free (self);
}

gboolean
bd_sandbox_faults_add_spec (BdSandboxFaults  *self,
                            const char       *spec,
                            GError          **error)
{
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
  g_auto(GStrv) texts = g_strsplit (spec, ";", -1);

  for (guint i = 0; texts[i] != NULL; i++)
    {
      Rule *rule;

      if (*g_strstrip (texts[i]) == '\0')
        continue;
      if (!(rule = parse_rule (texts[i], error)))
        return FALSE;
      g_ptr_array_add (parsed, rule);
    }

  for (guint i = 0; i < parsed->len; i++)
    g_ptr_array_add (self->rules, g_steal_pointer (&parsed->pdata[i]));
  g_ptr_array_set_free_func (parsed, NULL);
  return TRUE;
}

void
bd_sandbox_faults_clear (BdSandboxFaults *self)
{
  g_ptr_array_set_size (self->rules, 0);
}

gboolean
bd_sandbox_faults_pick (BdSandboxFaults *self,
                        const char      *method,
                        const char      *path,
                        BdSandboxFault  *fault)
{
  if (g_str_has_prefix (path, "/_sandbox/"))
    return FALSE;

  for (guint i = 0; i < self->rules->len; i++)
    {
      Rule *rule = self->rules->pdata[i];

      if (rule->remaining == 0)
        continue;
      if (rule->method != NULL && !g_str_equal (rule->method, method))
        continue;
      if (!g_pattern_spec_match_string (rule->pattern, path))
        continue;
      if (rule->rate < 1.0 &&
          (double) (bd_sandbox_rand_next (&self->rng) >> 11) / (double) (G_GUINT64_CONSTANT (1) << 53) >= rule->rate)
        continue;

      if (rule->remaining > 0)
        rule->remaining--;
      rule->fired++;
      *fault = rule->fault;
      return TRUE;
    }
  return FALSE;
}

JsonNode *
bd_sandbox_faults_to_json (BdSandboxFaults *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rules");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->rules->len; i++)
    {
      Rule *rule = self->rules->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "rule");
      json_builder_add_string_value (builder, rule->text);
      json_builder_set_member_name (builder, "fired");
      json_builder_add_int_value (builder, (gint64) rule->fired);
      json_builder_set_member_name (builder, "remaining");
      if (rule->remaining < 0)
        json_builder_add_null_value (builder);
      else
        json_builder_add_int_value (builder, rule->remaining);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
