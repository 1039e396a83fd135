/* bench-window.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The window with a million invoices (docs/benchmarks.md, design §11).
 *
 *   bench-window BENCH-STORE [N-PAYMENTS [FILE]]
 *
 * Needs a display (xvfb-run -a) and the app's GSettings schema
 * (GSETTINGS_SCHEMA_DIR=BUILDDIR/data when it is not installed).  Fills
 * FILE with bench-store's filler unless it already holds N payments, then,
 * in the real BdWindow with the real Invoices page:
 *
 *  1. the first frame: from bd_window_new() (page added, the account's
 *     session opened and set, shown) to the GdkFrameClock "after-paint" of the first
 *     frame in which the column view has rows with text mapped, against
 *     the same on an empty cache (the page's "empty" state mapped) and on
 *     a small one; alternating runs, medians;
 *  2. VmRSS and VmHWM after that first frame, once the whole result is
 *     read, once the totals bar has its sums, and after scrolling;
 *  3. scrolling: page-downs from the top, then equal jumps of the
 *     vertical adjustment to the end, each waiting for its frame: the
 *     time from the scroll to the frame's after-paint, and the frame's own
 *     work (before-paint to after-paint), and the model's live objects;
 *  4. search keystrokes typed into the page's search entry: the time to
 *     the first frame painted after the page applied the search (which
 *     includes GtkSearchEntry's typing delay; shown apart).
 *
 * Memory also has malloc's own count (what is in use, what it keeps
 * free) and a bare AdwApplicationWindow measured first, as the floor.
 * BENCH_WINDOW_NO_PANE=1 closes the detail pane (the list then has room
 * for every default column). */

#include "config.h"

#include <errno.h>
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "bd-application.h"
#include "bd-gui-test.h"
#include "bd-invoices-page.h"
#include "bd-page.h"
#include "bd-query-model.h"
#include "bd-sandbox-process.h"
#include "bd-session.h"
#include "bd-store.h"
#include "bd-store-path.h"
#include "bd-window.h"
#include "bench-fill.h"

#define RUNS 7            /* first-frame runs of each cache, after one warm-up */
#define PAGE_DOWNS 200
#define JUMPS 200
#define SEARCH_RUNS 5
#define SMALL 1000        /* payments of the small cache */
#define N_CACHES 3        /* empty, small, the million */
#define TIMEOUT 120       /* seconds for anything to appear */
#define WIDTH 1200
#define HEIGHT 800

static BdApplication *app;
static guint n_leaked;   /* pages still alive 10 s after their window closed */
static gboolean no_pane; /* BENCH_WINDOW_NO_PANE: the detail pane closed */

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The @p-th percentile (nearest rank) of @n values; sorts them. */
static double
percentile (double *values,
            guint   n,
            double  p)
{
  guint rank = (guint) ceil (p / 100 * n);

  qsort (values, n, sizeof (double), compare_double);
  return values[MAX (rank, 1) - 1];
}

static double
median (double *values,
        guint   n)
{
  return percentile (values, n, 50);
}

/* VmRSS and VmHWM, in MB. */
static void
memory_mb (double *rss,
           double *hwm)
{
  g_autofree char *status = NULL;
  const char *line;

  *rss = *hwm = -1;
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;
  if ((line = strstr (status, "VmRSS:")) != NULL)
    *rss = strtol (line + 6, NULL, 10) / 1024.0;
  if ((line = strstr (status, "VmHWM:")) != NULL)
    *hwm = strtol (line + 6, NULL, 10) / 1024.0;
}

/* What malloc holds (every arena): bytes in use, and bytes freed but kept
 * by the allocator (not returned to the system), in MB; and the process's
 * threads (each thread that allocates gets its own arena in glibc). */
static void
malloc_mb (double *in_use,
           double *kept,
           int    *threads)
{
  struct mallinfo2 info = mallinfo2 ();
  g_autofree char *status = NULL;
  const char *line;

  *in_use = (info.uordblks + info.hblkhd) / 1048576.0;
  *kept = info.fordblks / 1048576.0;
  *threads = -1;
  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (line = strstr (status, "Threads:")) != NULL)
    *threads = (int) strtol (line + 8, NULL, 10);
}

/* One row of the memory table, measured now.  (transfer full) */
static char *
memory_row (const char *what)
{
  double rss, hwm, in_use, kept;
  int threads;

  memory_mb (&rss, &hwm);
  malloc_mb (&in_use, &kept, &threads);
  return g_strdup_printf ("| %-44s | %5.1f MB | %5.1f MB | %5.1f MB | %5.1f MB | %7d |\n",
                          what, rss, hwm, in_use, kept, threads);
}

/* Frames: the window's frame clock, watched from "before-paint" to
 * "after-paint".  A wait names a condition, checked at each after-paint:
 * what is mapped then is what that frame painted. */

static struct
{
  guint64    n_paints;
  double     paint_start;  /* ms: the before-paint of the frame being painted */
  double     layout_end;   /* ms: the end of its layout (GTK's handlers run first) */
  double     last_work;    /* ms: before-paint → after-paint of the last frame */
  double     last_layout;  /* ms: of which size allocation, binding rows */
  gboolean (*cond) (gpointer data);
  gpointer   cond_data;
  double     cond_time;    /* ms: the after-paint where cond first held; 0: not yet */
} frames;

/* GtkRoot connects its layout handler to "layout" when a resize is
 * queued, after ours was: so ours is connected anew in each frame's
 * before-paint, behind it, and runs when the widgets are allocated. */
static void
on_layout (GdkFrameClock *clock)
{
  frames.layout_end = now_ms ();
  g_signal_handlers_disconnect_by_func (clock, on_layout, NULL);
}

static void
on_before_paint (GdkFrameClock *clock)
{
  frames.paint_start = frames.layout_end = now_ms ();
  g_signal_connect (clock, "layout", G_CALLBACK (on_layout), NULL);
}

static void
on_after_paint (GdkFrameClock *clock)
{
  double now = now_ms ();

  frames.n_paints++;
  frames.last_work = now - frames.paint_start;
  frames.last_layout = frames.layout_end - frames.paint_start;
  if (frames.cond != NULL && frames.cond_time == 0 && frames.cond (frames.cond_data))
    frames.cond_time = now;
}

static void
on_realize (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
}

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main loop until a frame is painted in which @cond holds;
 * returns the time of that frame's after-paint. */
static double
wait_painted (gboolean  (*cond) (gpointer),
              gpointer    data,
              const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (TIMEOUT, timed_out_cb, &timed_out);

  frames.cond = cond;
  frames.cond_data = data;
  frames.cond_time = 0;
  while (frames.cond_time == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("no frame painted with %s in %d s", what, TIMEOUT);
  g_source_remove (id);
  frames.cond = NULL;
  return frames.cond_time;
}

static gboolean
always (gpointer data)
{
  return TRUE;
}

/* What the page shows */

/* The first mapped widget of @type under @root, depth first. */
static GtkWidget *
find_mapped (GtkWidget *root,
             GType      type)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mapped (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
count_mapped_texts (GtkWidget *root)
{
  guint n = 0;

  if (!gtk_widget_get_mapped (root))
    return 0;
  if (GTK_IS_LABEL (root) && *gtk_label_get_text (GTK_LABEL (root)) != '\0')
    n++;
  if (GTK_IS_INSCRIPTION (root) && gtk_inscription_get_text (GTK_INSCRIPTION (root)) != NULL &&
      *gtk_inscription_get_text (GTK_INSCRIPTION (root)) != '\0')
    n++;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_mapped_texts (child);
  return n;
}

/* The cells with text on screen: the labels and inscriptions under the
 * column view's list (not its header). */
static guint
cells_shown (GtkWidget *page)
{
  GtkWidget *view = find_mapped (page, GTK_TYPE_COLUMN_VIEW);
  GtkWidget *list = view != NULL ? find_mapped (view, GTK_TYPE_LIST_VIEW) : NULL;

  return list != NULL ? count_mapped_texts (list) : 0;
}

static gboolean
rows_shown (gpointer page)
{
  return cells_shown (page) > 0;
}

/* The page's own state stack shows "empty" (no invoices yet). */
static gboolean
empty_shown (gpointer page)
{
  GtkWidget *stack = bd_gui_test_find_widget (page, GTK_TYPE_STACK, "visible-child-name", "empty");

  return stack != NULL && gtk_widget_get_mapped (gtk_stack_get_visible_child (GTK_STACK (stack)));
}

static BdQueryModel *
shown_model (GtkWidget *page)
{
  GtkWidget *view = find_mapped (page, GTK_TYPE_COLUMN_VIEW);
  GtkSelectionModel *selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (view));

  return BD_QUERY_MODEL (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection)));
}

/* The totals bar: the label with the "invoice-totals" class. */
static GtkWidget *
find_totals (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "invoice-totals"))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_totals (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* 1. The first frame */

typedef struct
{
  BdWindow  *window;
  GtkWidget *page;
  BdSession *session;
  double     ms;
  guint      rows;    /* the model's rows at that first frame */
} Run;

static void
on_session_opened (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gboolean *opened = user_data;
  g_autoptr(GError) error = NULL;

  if (!bd_session_open_finish (BD_SESSION (source), result, &error))
    g_error ("%s", error->message);
  *opened = TRUE;
}

static gboolean
is_true (gpointer pointer)
{
  return *(gboolean *) pointer;
}

/* An account whose cache (bd_store_path_for_account()) is the file at
 * @path, so that the window opens it as it opens any account's. */
static BdAccount *
account_for_cache (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdAccount) account = bd_account_new ("Bench", BD_ACCOUNT_MODE_TEST, NULL, &error);
  g_autofree char *cache = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *target = NULL;

  g_assert_no_error (error);
  cache = bd_store_path_for_account (account);
  folder = g_path_get_dirname (cache);
  target = g_canonicalize_filename (path, NULL);
  if (g_mkdir_with_parents (folder, 0700) != 0 || symlink (target, cache) != 0)
    g_error ("Could not link %s to %s: %s", cache, target, g_strerror (errno));
  return g_steal_pointer (&account);
}

static Run
open_window (BdAccount *account,
             gboolean   expect_rows)
{
  g_autoptr(GError) error = NULL;
  Run run = { NULL };
  double start = now_ms ();
  gboolean opened = FALSE;

  run.window = bd_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (run.window), WIDTH, HEIGHT);
  g_signal_connect_after (run.window, "realize", G_CALLBACK (on_realize), NULL);
  run.page = bd_invoices_page_new ();
  bd_window_add_page (run.window, "invoices", BD_PAGE (run.page));
  if (no_pane)
    {
      GtkWidget *toggle = bd_gui_test_find_widget (run.page, GTK_TYPE_TOGGLE_BUTTON,
                                                   "tooltip-text", "Show Details");

      g_assert_nonnull (toggle);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), FALSE);
    }
  run.session = bd_session_new (account);
  bd_session_open_async (run.session, on_session_opened, &opened);
  bd_gui_test_wait_for (is_true, &opened, 60);
  bd_page_set_session (BD_PAGE (run.page), run.session);
  if (!bd_window_show_page (run.window, "invoices", &error))
    g_error ("%s", error->message);
  gtk_window_present (GTK_WINDOW (run.window));

  run.ms = wait_painted (expect_rows ? rows_shown : empty_shown, run.page,
                         expect_rows ? "rows" : "the empty page") - start;
  if (expect_rows)
    run.rows = g_list_model_get_n_items (G_LIST_MODEL (shown_model (run.page)));
  return run;
}

static void
close_window (Run *run)
{
  GtkWidget *page = run->page;
  gboolean timed_out = FALSE;
  guint id;

  /* The page lives until its totals thread has stopped; one that lives
   * on is a leak (reported, not waited for). */
  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);
  bd_gui_test_close (GTK_WINDOW (run->window));
  id = g_timeout_add_seconds (10, timed_out_cb, &timed_out);
  while (page != NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (page != NULL)
    {
      n_leaked++;
      g_object_remove_weak_pointer (G_OBJECT (page), (gpointer *) &page);
    }
  else if (!timed_out)
    g_source_remove (id);
  bd_session_close (run->session, NULL, NULL);
  g_clear_object (&run->session);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* The same harness with a bare AdwApplicationWindow of the same size (a
 * header bar over a status page): what GTK, libadwaita and the renderer
 * cost before anything of the app's. */
static gboolean
widget_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static double
bare_window (char **memory)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *status = adw_status_page_new ();
  double start = now_ms (), ms;

  adw_status_page_set_title (ADW_STATUS_PAGE (status), "Nothing Here");
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "view-list-symbolic");
  gtk_widget_set_vexpand (status, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), status);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  g_signal_connect_after (window, "realize", G_CALLBACK (on_realize), NULL);
  gtk_window_present (GTK_WINDOW (window));
  ms = wait_painted (widget_mapped, status, "the bare window") - start;
  *memory = memory_row ("a bare AdwApplicationWindow, first frame");
  bd_gui_test_close (GTK_WINDOW (window));
  return ms;
}

/* 3. Scrolling */

typedef struct
{
  double latency[MAX (PAGE_DOWNS, JUMPS)];  /* scroll → after-paint */
  double work[MAX (PAGE_DOWNS, JUMPS)];     /* before-paint → after-paint */
  double layout[MAX (PAGE_DOWNS, JUMPS)];   /* before-paint → end of layout */
  double set[MAX (PAGE_DOWNS, JUMPS)];      /* in gtk_adjustment_set_value () */
  double before[MAX (PAGE_DOWNS, JUMPS)];   /* set_value → before-paint */
  guint  n;
  guint  blank;                             /* frames without a row */
  guint  max_live;
} Steps;

static void
scroll_to (GtkWidget     *page,
           GtkAdjustment *adj,
           double         value,
           Steps         *steps)
{
  BdQueryModel *model = shown_model (page);
  double start;

  value = CLAMP (value, 0, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  if (fabs (value - gtk_adjustment_get_value (adj)) < 1)
    return;

  start = now_ms ();
  gtk_adjustment_set_value (adj, value);
  steps->set[steps->n] = now_ms () - start;
  steps->latency[steps->n] = wait_painted (always, NULL, "the scrolled list") - start;
  steps->work[steps->n] = frames.last_work;
  steps->before[steps->n] = frames.paint_start - start - steps->set[steps->n];
  steps->layout[steps->n] = frames.last_layout;
  steps->n++;
  if (cells_shown (page) == 0)
    steps->blank++;
  steps->max_live = MAX (steps->max_live, bd_query_model_get_n_live (model));
}

static void
print_steps (const char *label,
             Steps      *steps)
{
  guint n = steps->n;

  printf ("| %-26s | %5u | %5.1f / %5.1f ms | %5.1f / %5.1f ms | %5.1f / %5.1f ms | %5.1f / %5.1f ms | %5.1f / %5.1f ms | %5u | %5u |\n",
          label, n, median (steps->latency, n), percentile (steps->latency, n, 95),
          median (steps->set, n), percentile (steps->set, n, 95),
          median (steps->before, n), percentile (steps->before, n, 95),
          median (steps->work, n), percentile (steps->work, n, 95),
          median (steps->layout, n), percentile (steps->layout, n, 95), steps->blank, steps->max_live);
}

/* 4. Search keystrokes */

static double search_applied;

static void
on_search_changed (GtkSearchEntry *entry)
{
  search_applied = now_ms ();
}

static gboolean
painted_after_search (gpointer page)
{
  return search_applied > 0 && rows_shown (page);
}

typedef struct
{
  const char *label;
  const char *insert;   /* typed at the end, or NULL: clear the entry */
  double      total[SEARCH_RUNS];
  double      after_delay[SEARCH_RUNS];
  double      work[SEARCH_RUNS];      /* of the frame that showed it */
  guint       rows;
} Keystroke;

static void
type_key (GtkWidget *page,
          GtkWidget *entry,
          Keystroke *key,
          guint      run)
{
  double start, painted;

  search_applied = 0;
  start = now_ms ();
  if (key->insert != NULL)
    {
      int position = g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (entry)), -1);

      gtk_editable_insert_text (GTK_EDITABLE (entry), key->insert, -1, &position);
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
  painted = wait_painted (painted_after_search, page, "the search's rows");
  key->total[run] = painted - start;
  key->after_delay[run] = painted - search_applied;
  key->work[run] = frames.last_work;
  key->rows = g_list_model_get_n_items (G_LIST_MODEL (shown_model (page)));
}

/* The cache */

/* bench_fill_cache (), failing the benchmark when it cannot. */
static void
fill (const char *bench_store,
      const char *path,
      guint       n_payments)
{
  g_autoptr(GError) error = NULL;

  if (!bench_fill_cache (bench_store, n_payments, path, &error))
    g_error ("bench-store: %s", error->message);
}

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  bd_delete_tree_finish (result, NULL);
  *(gboolean *) user_data = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  const char *bench_store = argc > 1 ? argv[1] : NULL;
  guint n_payments = argc > 2 ? (guint) atoi (argv[2]) : 1000000;
  g_autofree char *dir = g_dir_make_tmp ("bench-window-XXXXXX", NULL);
  g_autofree char *path = argc > 3 ? g_strdup (argv[3]) : g_build_filename (dir, "cache.sqlite", NULL);
  g_autofree char *empty_path = g_build_filename (dir, "empty.sqlite", NULL);
  g_autofree char *config = g_build_filename (dir, "config", NULL);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *small_path = g_build_filename (dir, "small.sqlite", NULL);
  g_autofree char *million = g_strdup_printf ("%u payments", n_payments);
  const char *caches[N_CACHES] = { empty_path, small_path, path };
  BdAccount *accounts[N_CACHES] = { NULL };
  const char *labels[N_CACHES] = { "empty cache", G_STRINGIFY (SMALL) " payments", million };
  double ms[N_CACHES][RUNS], bare_ms[RUNS], rss, hwm, start;
  guint first_rows[N_CACHES] = { 0 };
  char *first_memory[N_CACHES] = { NULL };
  g_autofree char *started = NULL, *bare_memory = NULL;
  g_autoptr(GString) memory = g_string_new (NULL);
  Keystroke keys[] = {
    { "type \"j\"", "j" }, { "type \"ü\" (\"jü\")", "ü" }, { "type \"r\" (\"jür\")", "r" },
    { "clear the search", NULL },
  };
  GtkAdjustment *adj;
  GtkWidget *entry, *totals;
  const char *adding_up = g_dgettext (GETTEXT_PACKAGE, "Adding up…");
  Steps downs = { { 0 } }, jumps = { { 0 } };
  Run run;

  setvbuf (stdout, NULL, _IOLBF, 0);
  no_pane = g_strcmp0 (g_getenv ("BENCH_WINDOW_NO_PANE"), "1") == 0;
  if (bench_store == NULL)
    {
      fprintf (stderr, "usage: bench-window BENCH-STORE [N-PAYMENTS [FILE]]\n");
      return 2;
    }

  /* Nothing of the user's: settings in memory, accounts in a scratch
   * folder; no accessibility bus (as in the GUI tests). */
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), APP_ID, TRUE);
  if (schema == NULL)
    {
      fprintf (stderr, "bench-window: the %s settings schema is not installed: "
                       "set GSETTINGS_SCHEMA_DIR to the build folder's data/\n", APP_ID);
      return 2;
    }

  fill (bench_store, path, n_payments);
  fill (bench_store, small_path, SMALL);
  {
    g_autoptr(BdStore) empty = bd_store_open (empty_path, &error);

    g_assert_no_error (error);
  }

  for (guint c = 0; c < N_CACHES; c++)
    accounts[c] = account_for_cache (caches[c]);

  if (!bd_gui_test_init_display ())
    {
      fprintf (stderr, "bench-window: no display: run it under xvfb-run -a\n");
      return 2;
    }
  app = bd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  started = memory_row ("GTK initialised, no window yet");
  /* The bare window first, before anything of the app's has run. */
  bare_window (&bare_memory);

  /* 1. First frame: a warm-up of each, then alternating runs.  A small
   * cache (SMALL payments) tells the cost of rows on screen from the cost
   * of the million. */
  for (guint c = 0; c < N_CACHES; c++)
    {
      run = open_window (accounts[c], c > 0);
      if (c == N_CACHES - 1)
        printf ("GTK %u.%u.%u, renderer %s, window %d × %d, detail pane %s\n", gtk_get_major_version (),
                gtk_get_minor_version (), gtk_get_micro_version (),
                G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (run.window))),
                WIDTH, HEIGHT, no_pane ? "closed" : "open");
      if (c == N_CACHES - 1)
        {
          GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (find_mapped (run.page, GTK_TYPE_COLUMN_VIEW)));

          printf ("columns shown:");
          for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
            {
              g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

              if (gtk_column_view_column_get_visible (column))
                printf (" %s", gtk_column_view_column_get_title (column));
            }
          printf ("\n");
        }
      close_window (&run);
    }
  /* Each round also opens the bare window, as the same kind of baseline
   * for the time (its memory was taken above, before any BdWindow: what
   * the app adds is measured against it). */
  for (guint r = 0; r < RUNS; r++)
    {
      g_autofree char *row = NULL;

      bare_ms[r] = bare_window (&row);
      for (guint c = 0; c < N_CACHES; c++)
        {
          run = open_window (accounts[c], c > 0);
          ms[c][r] = run.ms;
          first_rows[c] = MAX (first_rows[c], run.rows);
          if (r == RUNS - 1)
            {
              g_autofree char *what = g_strdup_printf ("BdWindow, %s, first frame", labels[c]);

              first_memory[c] = memory_row (what);
            }
          /* The last window with the million stays open for the rest. */
          if (r < RUNS - 1 || c < N_CACHES - 1)
            close_window (&run);
        }
    }
  printf ("\n| first frame, median of %d   | ms (min–max)           | / empty | model rows then |\n"
          "|----------------------------|------------------------|---------|-----------------|\n", RUNS);
  {
    double m = median (bare_ms, RUNS);

    printf ("| %-26s | %6.1f (%6.1f–%6.1f) | %7.2f |                 |\n", "bare AdwApplicationWindow",
            m, bare_ms[0], bare_ms[RUNS - 1], m / median (ms[0], RUNS));
  }
  for (guint c = 0; c < N_CACHES; c++)
    {
      double m = median (ms[c], RUNS);

      printf ("| %-26s | %6.1f (%6.1f–%6.1f) | %7.2f | %15u |\n", labels[c], m,
              ms[c][0], ms[c][RUNS - 1], m / median (ms[0], RUNS), first_rows[c]);
    }

  g_string_append (memory, started);
  g_string_append (memory, bare_memory);
  for (guint c = 0; c < N_CACHES; c++)
    {
      g_string_append (memory, first_memory[c]);
      g_free (first_memory[c]);
    }

  /* The rest of the result arrives in idle slices; then the totals. */
  start = now_ms ();
  while (bd_query_model_is_loading (shown_model (run.page)))
    g_main_context_iteration (NULL, TRUE);
  {
    g_autofree char *what = g_strdup_printf ("whole result read (%.0f ms later)", now_ms () - start);
    g_autofree char *row = memory_row (what);

    g_string_append (memory, row);
  }
  /* The totals bar adds up the million on a worker thread. */
  totals = find_totals (run.page);
  while (g_strcmp0 (gtk_label_get_text (GTK_LABEL (totals)), adding_up) == 0)
    g_main_context_iteration (NULL, TRUE);
  if (*gtk_label_get_text (GTK_LABEL (totals)) == '\0')
    g_error ("the totals bar is empty");
  {
    g_autofree char *what = g_strdup_printf ("totals bar added up (%.0f ms later)", now_ms () - start);
    g_autofree char *row = memory_row (what);

    g_string_append (memory, row);
  }

  /* 3. Scrolling, the whole result loaded. */
  adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (find_mapped (run.page, GTK_TYPE_COLUMN_VIEW)));
  for (guint i = 0; i < PAGE_DOWNS; i++)
    scroll_to (run.page, adj, gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_increment (adj),
               &downs);
  for (guint i = 1; i <= JUMPS; i++)
    scroll_to (run.page, adj,
               (gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj)) * i / JUMPS,
               &jumps);
  {
    g_autofree char *row = memory_row ("after scrolling to the end");

    g_string_append (memory, row);
  }

  printf ("\n| scrolling, median / 95th %%  | steps | scroll → painted  | in set_value      | then to the frame | frame work        | of which layout   | blank | live  |\n"
          "|----------------------------|-------|-------------------|-------------------|-------------------|-------------------|-------------------|-------|-------|\n");
  print_steps ("page-downs from the top", &downs);
  print_steps ("jumps of 1/200 to the end", &jumps);
  printf ("live objects at the end: %u (model cache of 64 + rows bound); at the bottom: %s\n",
          bd_query_model_get_n_live (shown_model (run.page)),
          gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj)
            >= gtk_adjustment_get_upper (adj) - 1 ? "yes" : "NO");

  /* 4. Search keystrokes, from the top of the list. */
  {
    Steps back = { { 0 } };

    scroll_to (run.page, adj, 0, &back);
  }
  entry = find_mapped (run.page, GTK_TYPE_SEARCH_ENTRY);
  g_signal_connect (entry, "search-changed", G_CALLBACK (on_search_changed), NULL);
  for (guint r = 0; r < SEARCH_RUNS; r++)
    {
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        type_key (run.page, entry, &keys[k], r);
      if (r == 0 || r == SEARCH_RUNS - 1)
        {
          g_autofree char *what = g_strdup_printf ("after %u searches", (r + 1) * (guint) G_N_ELEMENTS (keys));
          g_autofree char *row = memory_row (what);

          g_string_append (memory, row);
        }
    }
  printf ("\n| search keystroke (median of %d) | rows then | to the frame | after the entry's delay | frame work |\n"
          "|--------------------------------|-----------|--------------|------------------------|------------|\n",
          SEARCH_RUNS);
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    printf ("| %-30s | %9u | %9.1f ms | %19.1f ms | %7.1f ms |\n", keys[k].label, keys[k].rows,
            median (keys[k].total, SEARCH_RUNS), median (keys[k].after_delay, SEARCH_RUNS),
            median (keys[k].work, SEARCH_RUNS));
  printf ("(GtkSearchEntry's typing delay: %u ms; clearing is immediate)\n",
          gtk_search_entry_get_search_delay (GTK_SEARCH_ENTRY (entry)));

  /* Once the totals of the last search are in. */
  while (g_strcmp0 (gtk_label_get_text (GTK_LABEL (totals)), adding_up) == 0)
    g_main_context_iteration (NULL, TRUE);
  {
    g_autofree char *row = memory_row ("at the end, the last totals added up");

    g_string_append (memory, row);
  }
  printf ("\n| memory                                       |  VmRSS   |  VmHWM   | malloc: in use | kept free | threads |\n"
          "|----------------------------------------------|----------|----------|----------|----------|---------|\n%s",
          memory->str);
  memory_mb (&rss, &hwm);
  printf ("\nVmRSS %.1f MB, VmHWM %.1f MB at the end\n", rss, hwm);
  if (n_leaked > 0)
    printf ("LEAK: %u Invoices pages were still alive 10 s after their window was closed\n",
            n_leaked);

  close_window (&run);
  for (guint c = 0; c < N_CACHES; c++)
    g_clear_object (&accounts[c]);
  g_clear_object (&app);
  {
    /* The scratch folder: the empty cache, settings, and the filled cache
     * unless FILE was given. */
    g_autoptr(GFile) scratch = g_file_new_for_path (dir);
    gboolean deleted = FALSE;

    bd_delete_tree_async (scratch, NULL, deleted_cb, &deleted);
    while (!deleted)
      g_main_context_iteration (NULL, TRUE);
  }
  return 0;
}
