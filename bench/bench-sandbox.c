/* bench-sandbox.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* billing-desk-sandbox with a million seeded payments (docs/benchmarks.md).
 *
 *   bench-sandbox [SANDBOX-EXECUTABLE [PAYMENTS [PAGES]]]
 *
 * Starts the sandbox with --seed PAYMENTS (default 1,000,000), times the
 * start up to its "Listening on" line, reads its resident memory from
 * /proc/PID/status, then reads PAGES (default 300) pages of
 * GET /payments?page_size=100 one after another with the app's
 * BdDodoClient (rate limit off, one keep-alive connection), without a
 * filter, with created_at_gte and with currency=EUR, and prints pages/s. */

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "bd-dodo-api.h"
#include "bd-dodo-client.h"

static char *
read_line (GDataInputStream *in)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, &error);

  if (line == NULL)
    g_error ("The sandbox did not start: %s", error != NULL ? error->message : "no output");
  return line;
}

static gint64
rss_kib (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", pid);
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents (path, &status, NULL, NULL) || !(line = strstr (status, "VmRSS:")))
    return -1;
  return g_ascii_strtoll (line + strlen ("VmRSS:"), NULL, 10);
}

/* Reads @pages pages; returns pages per second. */
static double
read_pages (BdDodoClient *client,
            const char   *filter,
            const char   *value,
            guint         pages,
            gsize        *items)
{
  gint64 start = g_get_monotonic_time ();

  *items = 0;
  for (guint i = 0; i < pages; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i);
      g_autoptr(GHashTable) query = bd_dodo_query_new ("page_size", "100", "page_number", number,
                                                       filter, value, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) page = bd_dodo_client_request (client, "GET", "/payments", query, NULL, NULL, &error);

      if (page == NULL)
        g_error ("GET /payments page %u: %s", i, error->message);
      *items += json_array_get_length (json_object_get_array_member (json_node_get_object (page), "items"));
    }
  return pages / ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  const char *sandbox = argc > 1 ? argv[1] : "src/sandbox/billing-desk-sandbox";
  const char *payments = argc > 2 ? argv[2] : "1000000";
  guint pages = argc > 3 ? (guint) atoi (argv[3]) : 300;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(BdDodoClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listening = NULL;
  g_autofree char *key = NULL;
  const char *url;
  gint64 start, started;
  gsize items;
  double rate;

  start = g_get_monotonic_time ();
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, sandbox,
                              "--seed", payments, "--now", "2026-03-01T12:00:00Z", NULL);
  if (process == NULL)
    g_error ("Cannot start %s: %s", sandbox, error->message);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  listening = read_line (out);
  started = g_get_monotonic_time ();
  key = read_line (out);
  if (!g_str_has_prefix (listening, "Listening on "))
    g_error ("Unexpected first line: %s", listening);
  url = listening + strlen ("Listening on ");

  g_print ("billing-desk-sandbox --seed %s\n", payments);
  g_print ("  start to \"Listening on\": %.2f s\n", (started - start) / (double) G_USEC_PER_SEC);
  g_print ("  resident memory:          %.0f MB\n",
           rss_kib (g_subprocess_get_identifier (process)) / 1024.0);

  client = bd_dodo_client_new (url, &error);
  g_assert_no_error (error);
  bd_dodo_client_set_api_key (client, key);
  bd_dodo_client_set_requests_per_second (client, 0);

  rate = read_pages (client, NULL, NULL, pages, &items);
  g_print ("  GET /payments?page_size=100, %u pages:          %.0f pages/s (%.0f payments/s)\n",
           pages, rate, rate * items / pages);
  rate = read_pages (client, "created_at_gte", "2025-01-01T00:00:00Z", pages, &items);
  g_print ("  ... &created_at_gte=2025-01-01T00:00:00Z:         %.0f pages/s\n", rate);
  rate = read_pages (client, "currency", "EUR", pages, &items);
  g_print ("  ... &currency=EUR (scans generated rows):          %.0f pages/s\n", rate);

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
  return 0;
}
