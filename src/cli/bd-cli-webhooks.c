/* bd-cli-webhooks.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bd-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

#include "bd-account-client.h"
#include "bd-cli-private.h"
#include "bd-dispute.h"
#include "bd-dodo-codec.h"
#include "bd-enums.h"
#include "bd-keyring.h"
#include "bd-payment.h"
#include "bd-query-model.h"
#include "bd-refund.h"
#include "bd-store-webhooks.h"
#include "bd-subscription.h"
#include "bd-webhook-listener.h"
#include "bd-webhook-registration.h"
#include "bd-webhook.h"

#define EXIT_USAGE BD_CLI_EXIT_USAGE

/* Forwarding: attempts, and the first wait between them (doubling). */
#define FORWARD_ATTEMPTS 5
#define FORWARD_FIRST_DELAY_MS 500

/* Where a running `webhooks listen` leaves its URL for `events send`:
 * $XDG_RUNTIME_DIR/billing-desk/ACCOUNT-ID.listener (no secret in it). */
static char *
listener_url_file (BdAccount *account)
{
  g_autofree char *name = g_strconcat (bd_account_get_id (account), ".listener", NULL);

  return g_build_filename (g_get_user_runtime_dir (), "billing-desk", name, NULL);
}

static gboolean
is_event_type (const char *type)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (BD_TYPE_WEBHOOK_EVENT_TYPE);
  GEnumValue *value = g_enum_get_value_by_nick (klass, type);

  return value != NULL && value->value != BD_WEBHOOK_EVENT_TYPE_UNKNOWN;
}

/* ------------------------------------------------------------ listen */

typedef struct
{
  GMainLoop          *loop;
  SoupSession        *session;   /* forwarding; NULL without --forward-to */
  char               *forward_to;
  int                 signal_number;
} Listen;

typedef struct
{
  Listen             *listen;
  BdWebhookDelivery  *delivery;
  guint               attempt;
  guint               last_status;
} Forward;

static void forward_attempt (Forward *forward);

static void
forward_free (Forward *forward)
{
  bd_webhook_delivery_free (forward->delivery);
  g_free (forward);
}

static const char *
or_dash (const char *s)
{
  return s != NULL ? s : "-";
}

static gboolean
on_forward_retry_cb (gpointer user_data)
{
  forward_attempt (user_data);
  return G_SOURCE_REMOVE;
}

static void
on_forward_sent_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Forward *forward = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) answer = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);
  guint status = answer != NULL ? soup_message_get_status (msg) : 0;

  forward->last_status = status;
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      /* TRANSLATORS: a delivery sent on to --forward-to: type, webhook-id, HTTP status, attempts */
      printf (_("%s %s forwarded: %u (attempt %u)\n"), or_dash (forward->delivery->event_type),
              or_dash (forward->delivery->webhook_id), status, forward->attempt);
      fflush (stdout);
      forward_free (forward);
      return;
    }
  if (forward->attempt >= FORWARD_ATTEMPTS)
    {
      if (status == 0)
        printf (_("%s %s not forwarded: no answer after %u attempts\n"), or_dash (forward->delivery->event_type),
                or_dash (forward->delivery->webhook_id), forward->attempt);
      else
        printf (_("%s %s not forwarded: %u after %u attempts\n"), or_dash (forward->delivery->event_type),
                or_dash (forward->delivery->webhook_id), status, forward->attempt);
      fflush (stdout);
      forward_free (forward);
      return;
    }
  g_timeout_add (FORWARD_FIRST_DELAY_MS << (forward->attempt - 1), on_forward_retry_cb, forward);
}

/* The delivery as it came: the same headers (but those about this hop)
 * and the same bytes, so the receiver verifies it with the same secret. */
static void
forward_attempt (Forward *forward)
{
  static const char * const hop[] = {
    "host", "content-length", "connection", "transfer-encoding", "keep-alive", "te", "upgrade", NULL
  };
  BdWebhookDelivery *d = forward->delivery;
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", forward->listen->forward_to);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  forward->attempt++;
  for (guint i = 0; d->header_names != NULL && d->header_names[i] != NULL; i++)
    {
      g_autofree char *lower = g_ascii_strdown (d->header_names[i], -1);

      if (!g_strv_contains (hop, lower))
        soup_message_headers_append (headers, d->header_names[i], d->header_values[i]);
    }
  soup_message_set_request_body_from_bytes (msg, NULL, d->body);
  soup_session_send_and_read_async (forward->listen->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    on_forward_sent_cb, forward);
}

static void
on_listener_delivery_cb (BdWebhookListener *listener,
                         BdWebhookDelivery *d,
                         gpointer           user_data)
{
  Listen *listen = user_data;
  const char *type = or_dash (d->event_type);
  const char *id = or_dash (d->webhook_id);

  switch (d->result)
    {
    case BD_WEBHOOK_RESULT_APPLIED:
      printf (_("%s %s verified, applied: %s\n"), type, id, or_dash (d->effect));
      break;
    case BD_WEBHOOK_RESULT_STORED:
      if (d->effect != NULL)
        printf (_("%s %s verified, stored, not applied: %s\n"), type, id, d->effect);
      else
        printf (_("%s %s verified, stored\n"), type, id);
      break;
    case BD_WEBHOOK_RESULT_DUPLICATE:
      printf (_("%s %s duplicate, not applied again\n"), type, id);
      break;
    case BD_WEBHOOK_RESULT_REJECTED:
      printf (_("%s %s rejected (%u): %s\n"), type, id, d->status, or_dash (d->reason));
      break;
    case BD_WEBHOOK_RESULT_FAILED:
    default:
      printf (_("%s %s verified, not stored (%u): %s\n"), type, id, d->status, or_dash (d->reason));
      break;
    }
  fflush (stdout);

  if (listen->session != NULL && d->body != NULL && d->result != BD_WEBHOOK_RESULT_REJECTED &&
      d->result != BD_WEBHOOK_RESULT_FAILED)
    {
      Forward *forward = g_new0 (Forward, 1);

      forward->listen = listen;
      forward->delivery = bd_webhook_delivery_copy (d);
      forward_attempt (forward);
    }
}

static gboolean
on_unix_signal_cb (gpointer user_data)
{
  Listen *listen = user_data;

  g_main_loop_quit (listen->loop);
  return G_SOURCE_CONTINUE;
}

static int
webhooks_listen (int    argc,
                 char **argv)
{
  g_autofree char *account_name = NULL;
  g_autofree char *host = NULL;
  g_autofree char *forward_to = NULL;
  int port = 0;
  gboolean allow_remote = FALSE;
  GOptionEntry entries[] = {
    { "account", 'a', 0, G_OPTION_ARG_STRING, &account_name, N_("The account whose events to receive"), N_("NAME") },
    { "host", 0, 0, G_OPTION_ARG_STRING, &host, N_("The address to listen on (default 127.0.0.1)"), N_("ADDRESS") },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, N_("The port to listen on (default 0: a free one)"), N_("PORT") },
    { "allow-remote", 0, 0, G_OPTION_ARG_NONE, &allow_remote, N_("Allow an address other computers can reach"), NULL },
    { "forward-to", 0, 0, G_OPTION_ARG_STRING, &forward_to, N_("Send every verified delivery on to this URL"), N_("URL") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BdAccount) account = NULL;
  g_autoptr(BdWebhookListener) listener = NULL;
  g_autoptr(BdDodoClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *endpoint_id = NULL;
  g_autofree char *url_file = NULL;
  g_autofree char *url_dir = NULL;
  Listen listen = { 0 };
  guint sigint, sigterm;
  int status = 0;

  if (!bd_cli_parse_options ("webhooks listen", "", entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return bd_cli_fail (EXIT_USAGE, _("Unexpected argument “%s”"), argv[1]);
  if (port < 0 || port > 65535)
    return bd_cli_fail (EXIT_USAGE, _("%d is not a port"), port);
  if (forward_to != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (forward_to, G_URI_FLAGS_NONE, NULL);

      if (uri == NULL || !bd_dodo_client_check_base_url (forward_to, NULL))
        return bd_cli_fail (EXIT_USAGE, _("--forward-to takes an https:// URL, or http:// to this computer"));
    }

  listener = bd_webhook_listener_new ("-", BD_ACCOUNT_MODE_TEST, "-");
  if (!bd_webhook_listener_set_address (listener, host, port, allow_remote, &error))
    return bd_cli_fail (EXIT_USAGE, "%s", error->message);
  g_clear_object (&listener);

  if (!(account = bd_cli_choose_account (account_name, &path, &status)))
    return status;
  {
    g_autofree char *dir = g_path_get_dirname (path);

    if (g_mkdir_with_parents (dir, 0700) != 0)
      return bd_cli_fail (1, _("Could not create the folder of the cache “%s”"), dir);
  }

  listener = bd_webhook_listener_new (bd_account_get_id (account), bd_account_get_mode (account), path);
  bd_webhook_listener_set_address (listener, host, port, allow_remote, NULL);

  /* A sandbox account: the sandbox is told where to deliver, and its
   * secret goes into the keyring before the listener reads it. */
  if (bd_account_get_mode (account) == BD_ACCOUNT_MODE_SANDBOX)
    {
      client = bd_account_create_headless_client (account, NULL, &error);
      if (client == NULL)
        return bd_cli_fail (1, "%s", error->message);
    }

  bd_webhook_listener_start_async (listener, NULL, bd_cli_on_async_done, &result);
  if (!bd_webhook_listener_start_finish (listener, bd_cli_wait_for (&result), &error))
    return bd_cli_fail (1, "%s", error->message);
  g_clear_object (&result);

  if (client != NULL)
    {
      bd_webhook_register_async (client, bd_account_get_id (account), bd_account_get_mode (account),
                                 bd_account_get_display_name (account), bd_webhook_listener_get_url (listener),
                                 NULL, bd_cli_on_async_done, &result);
      endpoint_id = bd_webhook_register_finish (bd_cli_wait_for (&result), NULL, &error);
      g_clear_object (&result);
      if (endpoint_id == NULL)
        return bd_cli_fail (1, _("Could not register with the sandbox: %s"), error->message);
      bd_webhook_listener_reload_secrets_async (listener, NULL, bd_cli_on_async_done, &result);
      bd_webhook_listener_reload_secrets_finish (listener, bd_cli_wait_for (&result), NULL);
      g_clear_object (&result);
    }

  if (forward_to != NULL)
    {
      listen.forward_to = forward_to;
      listen.session = soup_session_new_with_options ("timeout", 15, NULL);
    }
  listen.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (listener, "delivery", G_CALLBACK (on_listener_delivery_cb), &listen);
  sigint = g_unix_signal_add (SIGINT, on_unix_signal_cb, &listen);
  sigterm = g_unix_signal_add (SIGTERM, on_unix_signal_cb, &listen);

  url_file = listener_url_file (account);
  url_dir = g_path_get_dirname (url_file);
  if (g_mkdir_with_parents (url_dir, 0700) != 0 ||
      !g_file_set_contents_full (url_file, bd_webhook_listener_get_url (listener), -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL))
    g_clear_pointer (&url_file, g_free);

  /* The first line, exactly; scripts and tests read it. */
  printf ("Listening on %s\n", bd_webhook_listener_get_url (listener));
  fflush (stdout);

  g_main_loop_run (listen.loop);

  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_signal_handlers_disconnect_by_data (listener, &listen);
  bd_webhook_listener_stop (listener);
  if (url_file != NULL)
    g_remove (url_file);
  if (endpoint_id != NULL)
    {
      bd_webhook_unregister_async (client, endpoint_id, NULL, bd_cli_on_async_done, &result);
      if (!bd_webhook_unregister_finish (bd_cli_wait_for (&result), &error))
        status = bd_cli_fail (1, _("Could not remove the registration from the sandbox: %s"), error->message);
      g_clear_object (&result);
    }
  g_clear_object (&listen.session);
  g_main_loop_unref (listen.loop);
  return status;
}

int
bd_cli_webhooks_main (int    argc,
                      char **argv)
{
  if (argc < 2 || !g_str_equal (argv[1], "listen"))
    return bd_cli_fail (EXIT_USAGE, _("Usage: billing-desk webhooks listen [--account NAME] [--host ADDRESS] "
                                      "[--port PORT] [--forward-to URL]"));
  return webhooks_listen (argc - 1, argv + 1);
}

/* ------------------------------------------------------------ events list */

static BdStore *
open_cache (const char  *path,
            int         *status)
{
  g_autoptr(GError) error = NULL;
  BdStore *store;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      *status = bd_cli_fail (1, _("There is no offline copy of this account yet"));
      return NULL;
    }
  store = bd_store_open (path, &error);
  if (store == NULL)
    *status = bd_cli_fail (1, "%s", error->message);
  return store;
}

static char *
format_usec (gint64 usec)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) time = g_date_time_add (seconds, usec % G_USEC_PER_SEC);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static void
add_nullable (JsonBuilder *builder,
              const char  *name,
              const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static int
events_list (int    argc,
             char **argv)
{
  g_autofree char *account_name = NULL;
  g_autofree char *type = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "account", 'a', 0, G_OPTION_ARG_STRING, &account_name, N_("The account whose events to list"), N_("NAME") },
    { "type", 0, 0, G_OPTION_ARG_STRING, &type, N_("Only events of this type"), N_("TYPE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Write JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BdAccount) account = NULL;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int status = 0;

  if (!bd_cli_parse_options ("events list", "", entries, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return bd_cli_fail (EXIT_USAGE, _("Unexpected argument “%s”"), argv[1]);
  if (type != NULL && !is_event_type (type))
    return bd_cli_fail (EXIT_USAGE, _("“%s” is not a Dodo Payments event type"), type);
  if (!(account = bd_cli_choose_account (account_name, &path, &status)))
    return status;
  if (!(store = open_cache (path, &status)))
    return status;
  rows = bd_store_webhook_list (store, type, &error);
  if (rows == NULL)
    return bd_cli_fail (1, "%s", error->message);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < rows->len; i++)
        {
          BdStoredWebhook *row = rows->pdata[i];
          g_autofree char *timestamp = format_usec (row->timestamp);
          g_autofree char *received = format_usec (row->received_at);

          json_builder_begin_object (builder);
          add_nullable (builder, "webhook_id", row->webhook_id);
          add_nullable (builder, "type", row->type);
          add_nullable (builder, "timestamp", timestamp);
          add_nullable (builder, "received_at", received);
          add_nullable (builder, "payload_type", row->payload_type);
          add_nullable (builder, "object_id", row->object_id);
          add_nullable (builder, "verification", row->verification);
          json_builder_set_member_name (builder, "duplicates");
          json_builder_add_int_value (builder, row->duplicates);
          json_builder_set_member_name (builder, "applied");
          json_builder_add_boolean_value (builder, row->applied);
          add_nullable (builder, "effect", row->effect);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      printf ("%s\n", text);
      return 0;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      BdStoredWebhook *row = rows->pdata[i];
      g_autofree char *received = format_usec (row->received_at);

      /* Received, type, webhook-id, object, verification, duplicates,
       * effect: tab-separated, newest first. */
      printf ("%s\t%s\t%s\t%s\t%s\t%" G_GINT64_FORMAT "\t%s\n", received, or_dash (row->type),
              or_dash (row->webhook_id), or_dash (row->object_id), or_dash (row->verification),
              row->duplicates, or_dash (row->effect));
    }
  return 0;
}

/* ------------------------------------------------------------ events send */

/* A made-up object of each kind, when the cache has none. */
static const char made_up_payment[] =
  "{\"payment_id\":\"pay_test_event\",\"business_id\":\"%s\",\"brand_id\":\"%s\","
  "\"created_at\":\"%s\",\"status\":\"%s\",\"total_amount\":1500,\"currency\":\"USD\","
  "\"customer\":{\"customer_id\":\"cus_test_event\",\"name\":\"Test Customer\",\"email\":\"test@example.com\"},"
  "\"metadata\":{},\"digital_products_delivered\":false,\"refunds\":[],\"disputes\":[]}";
static const char made_up_subscription[] =
  "{\"subscription_id\":\"sub_test_event\",\"product_id\":\"pdt_test_event\",\"brand_id\":\"%s\","
  "\"status\":\"%s\",\"quantity\":1,\"recurring_pre_tax_amount\":1500,\"currency\":\"USD\","
  "\"tax_inclusive\":false,\"payment_frequency_count\":1,\"payment_frequency_interval\":\"Month\","
  "\"subscription_period_count\":1,\"subscription_period_interval\":\"Year\",\"trial_period_days\":0,"
  "\"created_at\":\"%s\",\"next_billing_date\":\"%s\",\"previous_billing_date\":\"%s\","
  "\"cancel_at_next_billing_date\":false,\"on_demand\":false,"
  "\"customer\":{\"customer_id\":\"cus_test_event\",\"name\":\"Test Customer\",\"email\":\"test@example.com\"},"
  "\"billing\":{\"country\":\"US\"},\"metadata\":{}}";
static const char made_up_refund[] =
  "{\"refund_id\":\"ref_test_event\",\"payment_id\":\"pay_test_event\",\"business_id\":\"%s\","
  "\"brand_id\":\"%s\",\"created_at\":\"%s\",\"status\":\"%s\",\"is_partial\":false,"
  "\"amount\":1500,\"currency\":\"USD\",\"metadata\":{}}";
static const char made_up_dispute[] =
  "{\"dispute_id\":\"dp_test_event\",\"payment_id\":\"pay_test_event\",\"business_id\":\"%s\","
  "\"brand_id\":\"%s\",\"created_at\":\"%s\",\"amount\":\"1500\",\"currency\":\"USD\","
  "\"dispute_stage\":\"dispute\",\"dispute_status\":\"%s\","
  "\"customer\":{\"customer_id\":\"cus_test_event\",\"name\":\"Test Customer\",\"email\":\"test@example.com\"}}";

/* The kind of object an event type carries, and the status it implies. */
static GType
kind_of_event (const char  *type,
               const char **status)
{
  const char *verb = strchr (type, '.') + 1;

  if (g_str_has_prefix (type, "payment."))
    {
      *status = g_str_equal (verb, "succeeded") ? "succeeded" : g_str_equal (verb, "failed") ? "failed"
              : g_str_equal (verb, "processing") ? "processing" : "cancelled";
      return BD_TYPE_PAYMENT;
    }
  if (g_str_has_prefix (type, "refund."))
    {
      *status = verb;
      return BD_TYPE_REFUND;
    }
  if (g_str_has_prefix (type, "dispute."))
    {
      static char buffer[64];

      g_snprintf (buffer, sizeof buffer, "dispute_%s", verb);
      *status = buffer;
      return BD_TYPE_DISPUTE;
    }
  if (g_str_has_prefix (type, "subscription."))
    {
      *status = g_str_equal (verb, "on_hold") ? "on_hold" : g_str_equal (verb, "paused") ? "paused"
              : g_str_equal (verb, "cancelled") ? "cancelled" : g_str_equal (verb, "failed") ? "failed"
              : g_str_equal (verb, "expired") ? "expired" : "active";
      return BD_TYPE_SUBSCRIPTION;
    }
  return G_TYPE_INVALID;
}

static const char *
payload_type_of (GType kind)
{
  return g_type_name (kind) + 2;
}

static const char *
table_of (GType kind)
{
  return kind == BD_TYPE_PAYMENT ? "payments" : kind == BD_TYPE_SUBSCRIPTION ? "subscriptions"
       : kind == BD_TYPE_REFUND ? "refunds" : "disputes";
}

/* The newest cached object of @kind, or NULL. */
static BdModel *
newest_cached (BdStore  *store,
               GType     kind,
               GError  **error)
{
  g_autoptr(BdQueryModel) model = bd_query_model_new (store, table_of (kind));

  if (model == NULL || g_list_model_get_n_items (G_LIST_MODEL (model)) == 0)
    return NULL;
  return g_list_model_get_item (G_LIST_MODEL (model), 0);
}

static BdModel *
made_up (GType        kind,
         const char  *status,
         const char  *business_id,
         GDateTime   *now)
{
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autoptr(GDateTime) next = g_date_time_add_months (now, 1);
  g_autofree char *next_text = g_date_time_format (next, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *json = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (kind == BD_TYPE_PAYMENT)
    json = g_strdup_printf (made_up_payment, business_id, business_id, when, status);
  else if (kind == BD_TYPE_SUBSCRIPTION)
    json = g_strdup_printf (made_up_subscription, business_id, status, when, next_text, when);
  else if (kind == BD_TYPE_REFUND)
    json = g_strdup_printf (made_up_refund, business_id, business_id, when, status);
  else
    json = g_strdup_printf (made_up_dispute, business_id, business_id, when, status);
  bytes = g_bytes_new_take (g_steal_pointer (&json), strlen (json));
  return bd_dodo_decode_bytes (kind, bytes, NULL);
}

/* {business_id, type, timestamp, data: {payload_type, …the object…}}, the
 * object as the codec writes it (its nullable fields as null). */
static char *
build_event (const char *type,
             const char *business_id,
             GDateTime  *now,
             BdModel    *object)
{
  g_autoptr(JsonNode) encoded = bd_dodo_encode (object);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *timestamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "business_id");
  json_builder_add_string_value (builder, business_id);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "timestamp");
  json_builder_add_string_value (builder, timestamp);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "payload_type");
  json_builder_add_string_value (builder, payload_type_of (G_OBJECT_TYPE (object)));
  json_object_iter_init (&iter, json_node_get_object (encoded));
  while (json_object_iter_next (&iter, &name, &member))
    {
      json_builder_set_member_name (builder, name);
      json_builder_add_value (builder, json_node_copy (member));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static int
events_send (int    argc,
             char **argv)
{
  g_autofree char *account_name = NULL;
  g_autofree char *object_id = NULL;
  g_autofree char *to = NULL;
  GOptionEntry entries[] = {
    { "object", 0, 0, G_OPTION_ARG_STRING, &object_id, N_("The cached object the event carries"), N_("ID") },
    { "account", 'a', 0, G_OPTION_ARG_STRING, &account_name, N_("The account whose secret signs it"), N_("NAME") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Where to deliver it (default: the running listener)"), N_("URL") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(BdAccount) account = NULL;
  g_autoptr(BdStore) store = NULL;
  g_autoptr(BdModel) object = NULL;
  g_autoptr(BdSecret) secret_text = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_auto(GStrv) secrets = NULL;
  g_autofree char *path = NULL;
  g_autofree char *event = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *webhook_id = NULL;
  g_autofree char *timestamp = NULL;
  const char *business_id;
  const char *status_word = NULL;
  const char *type;
  GType kind;
  int status = 0;

  if (!bd_cli_parse_options ("events send", "TYPE", entries, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return bd_cli_fail (EXIT_USAGE, _("Name the event type to send, e.g. payment.succeeded"));
  if (argc > 2)
    return bd_cli_fail (EXIT_USAGE, _("Unexpected argument “%s”"), argv[2]);
  type = argv[1];
  if (!is_event_type (type))
    return bd_cli_fail (EXIT_USAGE, _("“%s” is not a Dodo Payments event type"), type);
  kind = kind_of_event (type, &status_word);
  if (kind == G_TYPE_INVALID)
    return bd_cli_fail (EXIT_USAGE, _("Test events of type “%s” cannot be sent yet"), type);
  if (to != NULL && !bd_dodo_client_check_base_url (to, NULL))
    return bd_cli_fail (EXIT_USAGE, _("--to takes an https:// URL, or http:// to this computer"));

  if (!(account = bd_cli_choose_account (account_name, &path, &status)))
    return status;
  if (to == NULL)
    {
      g_autofree char *file = listener_url_file (account);

      if (!g_file_get_contents (file, &to, NULL, NULL))
        return bd_cli_fail (1, _("No listener runs for “%s”: start “billing-desk webhooks listen” or give --to URL"),
                            bd_account_get_display_name (account));
    }

  business_id = bd_account_get_business_id (account) != NULL ? bd_account_get_business_id (account) : "bus_test";
  if (g_file_test (path, G_FILE_TEST_EXISTS) && (store = bd_store_open (path, &error)) == NULL)
    return bd_cli_fail (1, "%s", error->message);
  if (object_id != NULL)
    {
      if (store != NULL)
        object = bd_store_lookup (store, kind, object_id, &error);
      if (object == NULL)
        return bd_cli_fail (1, _("The offline copy has no %s “%s”"), payload_type_of (kind), object_id);
    }
  else if (store != NULL)
    object = newest_cached (store, kind, NULL);
  if (object == NULL)
    object = made_up (kind, status_word, business_id, now);

  secret_text = bd_keyring_lookup_sync (bd_account_get_id (account), bd_account_get_mode (account),
                                        BD_KEYRING_KIND_WEBHOOK_SECRET, NULL, &error);
  if (error != NULL)
    return bd_cli_fail (1, "%s", error->message);
  if (secret_text != NULL)
    secrets = g_strsplit_set (g_strstrip (secret_text), " \t\n", 2);
  if (secrets == NULL || secrets[0] == NULL || *secrets[0] == '\0')
    return bd_cli_fail (1, _("The keyring holds no webhook secret for “%s”"), bd_account_get_display_name (account));

  event = build_event (type, business_id, now, object);
  body = g_bytes_new (event, strlen (event));
  webhook_id = g_strdup_printf ("msg_test%08x%08x", g_random_int (), g_random_int ());
  signature = bd_webhook_sign (secrets[0], webhook_id, g_date_time_to_unix (now), body, &error);
  for (char **s = secrets; *s != NULL; s++)
    memset (*s, 0, strlen (*s));
  if (signature == NULL)
    return bd_cli_fail (1, "%s", error->message);
  timestamp = g_strdup_printf ("%" G_GINT64_FORMAT, g_date_time_to_unix (now));

  session = soup_session_new_with_options ("timeout", 15, NULL);
  msg = soup_message_new ("POST", to);
  if (msg == NULL)
    return bd_cli_fail (EXIT_USAGE, _("“%s” is not a URL"), to);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "webhook-id", webhook_id);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "webhook-timestamp", timestamp);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "webhook-signature", signature);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  if (answer == NULL)
    return bd_cli_fail (1, _("Could not deliver to %s: %s"), to, error->message);

  /* TRANSLATORS: type, webhook-id, the receiver's URL, its HTTP status */
  printf (_("Sent %s %s to %s: %u\n"), type, webhook_id, to, soup_message_get_status (msg));
  return SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)) ? 0 : 1;
}

int
bd_cli_events_main (int    argc,
                    char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return events_list (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "send"))
    return events_send (argc - 1, argv + 1);
  return bd_cli_fail (EXIT_USAGE, _("Usage: billing-desk events list [--account NAME] [--type TYPE] [--json] | "
                                    "events send TYPE [--object ID] [--account NAME] [--to URL]"));
}
