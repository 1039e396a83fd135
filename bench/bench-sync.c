/* bench-sync.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bd-sync.h"
#include "store-test.h"
#include "sync-test.h"

/* Design §11: a full sync of N payments from the local sandbox against
 * merely downloading the same pages with the client (budget: ≥ 50 % of
 * the rate), and the requests an incremental sync needs after k new
 * objects, for several k and N.
 *
 *   bench-sync [N [SMALL-N]]      defaults: 1000000 and 20000
 *
 * For each of SMALL-N and N (payments the sandbox seeds, with customers,
 * subscriptions, refunds and disputes in proportion): the download, the
 * full sync, then incremental syncs of the same cache after k = 0, 1, 10
 * and 100 changes (sync_test_make_changes: k customers, k checkouts, some
 * refunds and a dispute).
 *
 * Needs BD_BUILD_ROOT (the sandbox is $BD_BUILD_ROOT/src/sandbox/…). */

static const char * const lists[] = {
  "/customers", "/subscriptions", "/payments", "/refunds", "/disputes", NULL
};

/* Every page the sync's listings read, one after another, parsed by the
 * client (it always parses), nothing more.  Returns the objects read. */
static guint64
download_all (BdDodoClient *client)
{
  guint64 objects = 0;

  for (guint l = 0; lists[l] != NULL; l++)
    for (guint page = 0; ; page++)
      {
        g_autoptr(GHashTable) query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
        g_autoptr(GError) error = NULL;
        g_autoptr(JsonNode) root = NULL;
        guint n;

        g_hash_table_insert (query, g_strdup ("page_size"), g_strdup ("100"));
        g_hash_table_insert (query, g_strdup ("page_number"), g_strdup_printf ("%u", page));
        root = bd_dodo_client_request (client, "GET", lists[l], query, NULL, NULL, &error);
        g_assert_no_error (error);
        n = json_array_get_length (json_object_get_array_member (json_node_get_object (root), "items"));
        objects += n;
        if (n < 100)
          break;
      }
  return objects;
}

/* The requests since the last reset, by route ("GET /subscriptions: 250"),
 * biggest first: what an incremental sync spends them on. */
static void
print_routes (BdTestSandbox *sandbox)
{
  g_autoptr(JsonNode) stats = bd_test_sandbox_call (sandbox, "GET", "/_sandbox/stats", NULL, 200);
  JsonObject *routes = json_object_get_object_member (json_node_get_object (stats), "routes");
  g_autoptr(GList) names = json_object_get_members (routes);
  g_autoptr(GString) line = g_string_new (NULL);
  gint64 count[64] = { 0 };
  const char *name[64] = { NULL };
  guint n = 0;

  for (GList *l = names; l != NULL && n < G_N_ELEMENTS (count); l = l->next)
    if (strstr (l->data, " /_sandbox/") == NULL)
      {
        name[n] = l->data;
        count[n] = json_object_get_int_member (json_object_get_object_member (routes, l->data), "requests");
        if (count[n] > 0)
          n++;
      }
  /* n is small: a selection sort, biggest first. */
  for (guint i = 0; i < n; i++)
    {
      guint max = i;

      for (guint j = i + 1; j < n; j++)
        if (count[j] > count[max])
          max = j;
      g_string_append_printf (line, "%s%s: %" G_GINT64_FORMAT, i > 0 ? ", " : "    ", name[max], count[max]);
      count[max] = count[i];
      name[max] = name[i];
    }
  g_print ("%s\n", line->str);
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* CPU seconds (user + system) used so far by this process, all threads. */
static double
cpu_self (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* User + system seconds of a /proc stat line (after "pid (comm)": state is
 * field 3, utime 14, stime 15). */
static double
stat_cpu (const char *stat)
{
  const char *after_name = strrchr (stat, ')');
  g_auto(GStrv) fields = NULL;

  if (after_name == NULL)
    return 0;
  fields = g_strsplit (after_name + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
         sysconf (_SC_CLK_TCK);
}

/* CPU seconds of this process's threads named "pool…": GLib's worker
 * threads, where BdSync's writer runs (its fetcher threads come and go). */
static double
cpu_pool_threads (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;
  double total = 0;

  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *comm_file = g_strdup_printf ("/proc/self/task/%s/comm", tid);
      g_autofree char *stat_file = g_strdup_printf ("/proc/self/task/%s/stat", tid);
      g_autofree char *comm = NULL;
      g_autofree char *stat = NULL;

      if (g_file_get_contents (comm_file, &comm, NULL, NULL) && g_str_has_prefix (comm, "pool") &&
          g_file_get_contents (stat_file, &stat, NULL, NULL))
        total += stat_cpu (stat);
    }
  return total;
}

/* … and by the sandbox process, from /proc (0 where there is none). */
static double
cpu_sandbox (BdTestSandbox *sandbox)
{
  const char *id = g_subprocess_get_identifier (bd_test_sandbox_get_process (sandbox));
  g_autofree char *file = g_strdup_printf ("/proc/%s/stat", id != NULL ? id : "0");
  g_autofree char *stat = NULL;

  if (!g_file_get_contents (file, &stat, NULL, NULL))
    return 0;
  return stat_cpu (stat);
}

/* One N: the baseline download, then a full sync into a new cache (the
 * ratio of the two rates), then incremental syncs of that same cache after
 * k new objects, for each k of @ks, counting requests. */
static void
bench_size (const char  *n,
            const guint *ks,
            guint        n_ks)
{
  g_autoptr(BdTestSandbox) sandbox = bd_test_sandbox_start_with ("--seed", n, NULL);
  g_autoptr(BdDodoClient) client = sync_test_client (sandbox);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = store_test_new_path ();
  g_autoptr(BdStore) store = NULL;
  guint64 downloaded, stored;
  double t_download, t_sync;
  double cpu_download, cpu_sync, sandbox_download, sandbox_sync, writer_sync;
  guint requests;
  gint64 start;

  /* The baseline first, so both read a warm sandbox. */
  start = g_get_monotonic_time ();
  cpu_download = cpu_self ();
  sandbox_download = cpu_sandbox (sandbox);
  downloaded = download_all (client);
  t_download = seconds_since (start);
  cpu_download = cpu_self () - cpu_download;
  sandbox_download = cpu_sandbox (sandbox) - sandbox_download;
  sync_test_requests (sandbox, TRUE);

  start = g_get_monotonic_time ();
  cpu_sync = cpu_self ();
  writer_sync = cpu_pool_threads ();
  sandbox_sync = cpu_sandbox (sandbox);
  g_assert_true (sync_test_run (client, path, NULL, &error));
  g_assert_no_error (error);
  t_sync = seconds_since (start);
  cpu_sync = cpu_self () - cpu_sync;
  writer_sync = cpu_pool_threads () - writer_sync;
  sandbox_sync = cpu_sandbox (sandbox) - sandbox_sync;
  requests = sync_test_requests (sandbox, TRUE);

  store = bd_store_open (path, &error);
  g_assert_no_error (error);
  stored = 0;
  for (guint l = 0; lists[l] != NULL; l++)
    stored += bd_store_count (store, lists[l] + 1, &error);
  g_clear_object (&store);

  g_print ("full sync, --seed %s: %" G_GUINT64_FORMAT " objects\n", n, stored);
  g_print ("  download only: %.1f s, %.0f objects/s (%" G_GUINT64_FORMAT " objects)\n",
           t_download, downloaded / t_download, downloaded);
  g_print ("  full sync:     %.1f s, %.0f objects/s, %u requests\n", t_sync, stored / t_sync, requests);
  g_print ("  ratio sync/download rate: %.2f (budget >= 0.50)\n",
           (stored / t_sync) / (downloaded / t_download));
  /* CPU time is steadier than wall time on a shared machine: the work
   * each side does, whoever else runs. */
  g_print ("  CPU, download: client %.1f s, sandbox %.1f s\n", cpu_download, sandbox_download);
  g_print ("  CPU, sync: client %.1f s (%.0f us an object; the writer thread %.1f s), "
           "sandbox %.1f s\n",
           cpu_sync, cpu_sync * 1e6 / stored, writer_sync, sandbox_sync);

  for (guint i = 0; i < n_ks; i++)
    {
      guint k = ks[i];

      if (k > 0)
        sync_test_make_changes (sandbox, k);
      sync_test_requests (sandbox, TRUE);
      start = g_get_monotonic_time ();
      g_assert_true (sync_test_run (client, path, NULL, &error));
      g_assert_no_error (error);
      t_sync = seconds_since (start);
      requests = sync_test_requests (sandbox, FALSE);
      g_print ("incremental, --seed %s, k = %u: %u requests, %.2f s\n", n, k, requests, t_sync);
      print_routes (sandbox);
      sync_test_requests (sandbox, TRUE);
    }

  store_test_cleanup (path);
}

int
main (int   argc,
      char *argv[])
{
  const char *n = argc > 1 ? argv[1] : "1000000";
  const char *small = argc > 2 ? argv[2] : "20000";
  /* k = 0 first: what a sync costs when nothing changed. */
  static const guint ks[] = { 0, 1, 10, 100 };

  if (g_getenv ("BD_BUILD_ROOT") == NULL)
    g_error ("Set BD_BUILD_ROOT to the build directory");

  /* The small N first: its figures arrive in seconds. */
  bench_size (small, ks, G_N_ELEMENTS (ks));
  bench_size (n, ks, G_N_ELEMENTS (ks));
  return 0;
}
