/* bd-gui-test.c
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bd-gui-test.h"
#include "bd-screenshot.h"
#include "bd-test-util.h"
#include "bd-window.h"

static gboolean have_display;

gboolean
bd_gui_test_init_display (void)
{
  have_display = gtk_init_check ();
  if (have_display)
    {
      adw_init ();
      g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
    }

  return have_display;
}

char *
bd_gui_test_private_home (const char *name)
{
  g_autoptr(GError) error = NULL;
  char *home = g_dir_make_tmp (name, &error);
  g_autofree char *config = NULL;
  g_autofree char *data = NULL;

  g_assert_no_error (error);
  config = g_build_filename (home, "config", NULL);
  data = g_build_filename (home, "data", NULL);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  return home;
}

char *
bd_gui_test_sandbox_path (void)
{
  const char *root = g_getenv ("BD_BUILD_ROOT");

  return g_build_filename (root != NULL ? root : ".", "src", "sandbox", "billing-desk-sandbox", NULL);
}

BdApplication *
bd_gui_test_new_app (void)
{
  BdApplication *app;

  if (!bd_gui_test_init_display ())
    return NULL;
  app = bd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  return app;
}

gboolean
bd_gui_test_require_display (void)
{
  if (!have_display)
    bd_test_skip_or_fail ("no display: run the GUI suite under xvfb-run");
  return have_display;
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main loop until @cond holds; after @seconds the test fails,
 * naming @where (the caller's G_STRLOC, through the bd_gui_test_wait_for()
 * macro) so a time-out in CI says which wait it was. */
void
bd_gui_test_wait_for_at (gboolean  (*cond) (gpointer),
                         gpointer    data,
                         guint       seconds,
                         const char *where)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, timeout_cb, &timed_out);

  while (!cond (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("%s: still waiting after %u s", where, seconds);
  g_source_remove (id);
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

void
bd_gui_test_poll_for_at (gboolean  (*cond) (gpointer),
                         gpointer    data,
                         guint       seconds,
                         const char *where)
{
  guint id = g_timeout_add (50, wake_cb, NULL);

  bd_gui_test_wait_for_at (cond, data, seconds, where);
  g_source_remove (id);
}

const char *
bd_gui_test_text_of (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  if (GTK_IS_INSCRIPTION (widget))
    return gtk_inscription_get_text (GTK_INSCRIPTION (widget)) != NULL
           ? gtk_inscription_get_text (GTK_INSCRIPTION (widget)) : "";
  return NULL;
}

GtkWidget *
bd_gui_test_first_text (GtkWidget *root)
{
  if (bd_gui_test_text_of (root) != NULL)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = bd_gui_test_first_text (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
bd_gui_test_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

gboolean
bd_gui_test_is_unmapped (gpointer widget)
{
  return !gtk_widget_get_mapped (widget);
}

GtkWindow *
bd_gui_test_present (GtkWindow *window)
{
  gtk_window_present (window);
  bd_gui_test_wait_for (bd_gui_test_is_mapped, window, 20);
  return window;
}

void
bd_gui_test_close (GtkWindow *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (window);
  while (window != NULL)
    g_main_context_iteration (NULL, FALSE);
}

GtkWidget *
bd_gui_test_find_widget (GtkWidget  *root,
                         GType       type,
                         const char *property,
                         const char *value)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    {
      g_autofree char *text = NULL;

      if (property == NULL)
        return root;

      g_object_get (root, property, &text, NULL);
      if (g_strcmp0 (text, value) == 0)
        return root;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = bd_gui_test_find_widget (child, type, property, value);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct
{
  gboolean  done;
  GError   *error;
} Saving;

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Saving *saving = user_data;

  bd_screenshot_save_finish (GTK_WIDGET (object), result, &saving->error);
  saving->done = TRUE;
}

static gboolean
is_saved (gpointer data)
{
  return ((Saving *) data)->done;
}

void
bd_gui_test_save_screens (GtkWidget  *window,
                          const char *name,
                          int         width,
                          int         height,
                          gboolean    narrow_too)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  AdwColorScheme scheme = adw_style_manager_get_color_scheme (style);
  const char *dir = g_getenv ("BD_TEST_SCREENSHOT_DIR");

  if (dir == NULL)
    return;

  /* 0 × 0: whatever size it has when drawn.  A dialog sized by its content
   * may still be growing (a message appearing): forcing the size it had
   * when asked would fail. */
  if (width <= 0 || height <= 0)
    width = height = 0;
  g_assert_true (width > 0 || !narrow_too);

  for (guint narrow = 0; narrow <= (narrow_too ? 1 : 0); narrow++)
    for (guint dark = 0; dark <= 1; dark++)
      {
        g_autofree char *path = NULL;
        Saving saving = { FALSE, NULL };

        if (narrow_too)
          path = g_strdup_printf ("%s/%s-%s-%s.png", dir, name,
                                  narrow ? "narrow" : "wide", dark ? "dark" : "light");
        else
          path = g_strdup_printf ("%s/%s-%s.png", dir, name, dark ? "dark" : "light");

        adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                        : ADW_COLOR_SCHEME_FORCE_LIGHT);
        bd_screenshot_save_when_drawn (window, path, narrow ? 400 : width, height,
                                       NULL, saved_cb, &saving);
        bd_gui_test_wait_for (is_saved, &saving, 20);
        g_assert_no_error (saving.error);
      }

  adw_style_manager_set_color_scheme (style, scheme);
  if (GTK_IS_WINDOW (window) && width > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
}

gboolean
bd_gui_test_is_null (gpointer pointer_to_pointer)
{
  return *(gpointer *) pointer_to_pointer == NULL;
}

gboolean
bd_gui_test_is_not_null (gpointer pointer_to_pointer)
{
  return *(gpointer *) pointer_to_pointer != NULL;
}

gboolean
bd_gui_test_window_has_account (gpointer window)
{
  return bd_window_get_account (BD_WINDOW (window)) != NULL;
}

gboolean
bd_gui_test_require_sandbox (const char *path)
{
  if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    {
      bd_test_skip_or_fail ("billing-desk-sandbox is not built");
      return FALSE;
    }
  return TRUE;
}

GtkWidget *
bd_gui_test_find_button (GtkWidget  *root,
                         const char *label)
{
  GtkWidget *button = bd_gui_test_find_widget (root, GTK_TYPE_BUTTON, "label", label);

  g_assert_nonnull (button);
  return button;
}

GtkWidget *
bd_gui_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (window), type) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }

  return NULL;
}

typedef struct
{
  GType      type;
  GtkWidget *found;
} ToplevelWait;

static gboolean
toplevel_shown (gpointer data)
{
  ToplevelWait *wait = data;

  wait->found = bd_gui_test_find_toplevel (wait->type);
  return wait->found != NULL;
}

GtkWidget *
bd_gui_test_wait_for_toplevel (GType type)
{
  ToplevelWait wait = { type, NULL };

  bd_gui_test_wait_for (toplevel_shown, &wait, 60);
  return wait.found;
}

static void
on_looked_up (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BdSecret **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = bd_keyring_lookup_finish (result, &error);
  g_assert_no_error (error);
  if (*out == NULL)
    *out = g_strdup ("");   /* "none", so that the wait ends */
}

BdSecret *
bd_gui_test_lookup_key (const char    *account_id,
                        BdAccountMode  mode)
{
  BdSecret *key = NULL;

  bd_keyring_lookup_async (account_id, mode, BD_KEYRING_KIND_API_KEY, NULL, on_looked_up, &key);
  bd_gui_test_wait_for (bd_gui_test_is_not_null, &key, 60);
  if (*key == '\0')
    g_clear_pointer (&key, bd_secret_free);
  return key;
}

static void
on_stored (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_keyring_store_finish (result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

BdAccount *
bd_gui_test_add_sandbox_account (BdApplication *app,
                                 const char    *name,
                                 BdTestSandbox *server,
                                 const char    *key)
{
  g_autoptr(BdAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  gboolean stored = FALSE;

  account = bd_account_new (name, BD_ACCOUNT_MODE_SANDBOX, bd_test_sandbox_get_url (server), &error);
  g_assert_no_error (error);
  bd_keyring_store_async (bd_account_get_id (account), BD_ACCOUNT_MODE_SANDBOX, BD_KEYRING_KIND_API_KEY,
                          name, key, NULL, on_stored, &stored);
  bd_gui_test_wait_for (is_true, &stored, 60);
  g_assert_true (bd_account_list_add (bd_application_get_accounts (app), account, &error));
  g_assert_no_error (error);
  return account;
}

GtkWidget *
bd_gui_test_find_text (GtkWidget  *root,
                       const char *needle)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), needle) != NULL)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = bd_gui_test_find_text (child, needle);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *needle;
} TextWait;

static gboolean
text_shown (gpointer data)
{
  TextWait *wait = data;

  return bd_gui_test_find_text (wait->root, wait->needle) != NULL;
}

void
bd_gui_test_wait_for_text (GtkWidget  *root,
                           const char *needle)
{
  TextWait wait = { root, needle };
  g_autofree char *what = g_strdup_printf ("the text “%s”", needle);

  bd_gui_test_wait_for_at (text_shown, &wait, 60, what);
}

GtkWidget *
bd_gui_test_find_with_class (GtkWidget  *root,
                             GType       type,
                             const char *css_class)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type) && gtk_widget_has_css_class (root, css_class))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = bd_gui_test_find_with_class (child, type, css_class);

      if (found != NULL)
        return found;
    }

  return NULL;
}

void
bd_gui_test_select_string (GtkDropDown *dropdown,
                           const char  *text)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), text))
        {
          gtk_drop_down_set_selected (dropdown, i);
          return;
        }
    }
  g_error ("no “%s” in the dropdown", text);
}

char **
bd_gui_test_search_words (const char *text)
{
  g_autofree char *nfd = g_utf8_normalize (text != NULL ? text : "", -1, G_NORMALIZE_NFD);
  g_autoptr(GString) plain = g_string_new (NULL);
  g_autofree char *folded = NULL;

  for (const char *p = nfd; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      g_string_append_unichar (plain, g_unichar_isalnum (c) ? c : ' ');
    }
  folded = g_utf8_casefold (plain->str, -1);
  return g_strsplit_set (g_strstrip (folded), " ", -1);
}

gboolean
bd_gui_test_search_matches (const char *text,
                            const char *search)
{
  g_auto(GStrv) wanted = bd_gui_test_search_words (search);
  g_auto(GStrv) words = bd_gui_test_search_words (text);

  for (guint i = 0; wanted[i] != NULL; i++)
    {
      gboolean found = FALSE;

      if (*wanted[i] == '\0')
        continue;
      for (guint j = 0; words[j] != NULL && !found; j++)
        found = g_str_has_prefix (words[j], wanted[i]);
      if (!found)
        return FALSE;
    }

  return TRUE;
}

/* BdGuiTestPage: the smallest BdPage, for tests of the window's side of
 * the page contract.  It shows a label and counts what the window asks of
 * it. */

struct _BdGuiTestPage
{
  AdwBin     parent_instance;

  char      *title;
  BdSession *session;
  guint      sessions_set;
  guint      refreshes;
  char      *shown_id;
};

enum {
  TEST_PAGE_PROP_0,
  TEST_PAGE_PROP_TITLE,
  TEST_PAGE_PROP_ICON_NAME,
};

static void test_page_iface_init (BdPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BdGuiTestPage, bd_gui_test_page, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (BD_TYPE_PAGE, test_page_iface_init))

static void
test_page_set_session (BdPage    *page,
                       BdSession *session)
{
  BdGuiTestPage *self = BD_GUI_TEST_PAGE (page);

  g_set_object (&self->session, session);
  self->sessions_set++;
}

static void
test_page_refresh (BdPage *page)
{
  BD_GUI_TEST_PAGE (page)->refreshes++;
}

static void
test_page_show_object (BdPage     *page,
                       const char *id)
{
  BdGuiTestPage *self = BD_GUI_TEST_PAGE (page);

  g_free (self->shown_id);
  self->shown_id = g_strdup (id);
}

static void
test_page_iface_init (BdPageInterface *iface)
{
  iface->set_session = test_page_set_session;
  iface->refresh = test_page_refresh;
  iface->show_object = test_page_show_object;
}

static void
bd_gui_test_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BdGuiTestPage *self = BD_GUI_TEST_PAGE (object);

  if (prop_id == TEST_PAGE_PROP_TITLE)
    g_value_set_string (value, self->title);
  else if (prop_id == TEST_PAGE_PROP_ICON_NAME)
    g_value_set_string (value, "view-list-symbolic");
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
bd_gui_test_page_finalize (GObject *object)
{
  BdGuiTestPage *self = BD_GUI_TEST_PAGE (object);

  g_clear_object (&self->session);
  g_free (self->title);
  g_free (self->shown_id);

  G_OBJECT_CLASS (bd_gui_test_page_parent_class)->finalize (object);
}

static void
bd_gui_test_page_class_init (BdGuiTestPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = bd_gui_test_page_get_property;
  object_class->finalize = bd_gui_test_page_finalize;
  g_object_class_override_property (object_class, TEST_PAGE_PROP_TITLE, "title");
  g_object_class_override_property (object_class, TEST_PAGE_PROP_ICON_NAME, "icon-name");
}

static void
bd_gui_test_page_init (BdGuiTestPage *self)
{
}

/**
 * bd_gui_test_page_new:
 * @title: the sidebar's words for it
 * @body: the text it shows
 *
 * Returns: (transfer floating): a page showing @body
 */
BdGuiTestPage *
bd_gui_test_page_new (const char *title,
                      const char *body)
{
  BdGuiTestPage *self = g_object_new (BD_TYPE_GUI_TEST_PAGE, NULL);

  self->title = g_strdup (title);
  adw_bin_set_child (ADW_BIN (self), gtk_label_new (body));
  return self;
}

guint
bd_gui_test_page_get_refreshes (BdGuiTestPage *self)
{
  return self->refreshes;
}

const char *
bd_gui_test_page_get_shown_id (BdGuiTestPage *self)
{
  return self->shown_id;
}

/* The start and end of an application test's main() */

static void
on_home_deleted_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  gboolean *done = user_data;

  bd_delete_tree_finish (result, NULL);
  *done = TRUE;
}

/**
 * bd_gui_test_app_begin:
 * @home_template: the private home's name, ending in XXXXXX
 * @home: (out): where the private home is
 *
 * The start of main() for a test of the whole application: a throw-away
 * XDG_CONFIG_HOME and XDG_DATA_HOME, the GLib test framework, the display
 * and a registered, non-unique BdApplication.
 *
 * Returns: (transfer full) (nullable): the application, %NULL without a
 *   display (each test then skips, or fails in CI)
 */
BdApplication *
bd_gui_test_app_begin (int         *argc,
                       char      ***argv,
                       const char  *home_template,
                       char       **home)
{
  *home = bd_gui_test_private_home (home_template);
  g_test_init (argc, argv, NULL);
  return bd_gui_test_new_app ();
}

/**
 * bd_gui_test_app_end:
 * @ret: what g_test_run() returned
 * @app: (inout): the application, cleared
 * @window: (inout) (nullable): a window left open, closed and cleared
 * @home: (inout): the private home, deleted and cleared
 *
 * The end of main(): closes what is open, stops the offline sandbox the
 * application may have started, and deletes the private home (never
 * following links).
 *
 * Returns: @ret
 */
int
bd_gui_test_app_end (int             ret,
                     BdApplication **app,
                     GtkWindow     **window,
                     char          **home)
{
  if (window != NULL && *window != NULL)
    bd_gui_test_close (*window);
  if (window != NULL)
    *window = NULL;
  if (*app != NULL)
    bd_sandbox_process_stop (bd_application_get_sandbox (*app), 5000);
  g_clear_object (app);

  if (*home != NULL)
    {
      g_autoptr(GFile) dir = g_file_new_for_path (*home);
      gboolean done = FALSE;

      bd_delete_tree_async (dir, NULL, on_home_deleted_cb, &done);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
    }
  g_clear_pointer (home, g_free);
  return ret;
}

/* Lists: rows, ids, cells */

/**
 * bd_gui_test_row_ids:
 * @rows: (nullable): a list's rows (a selection model over model objects)
 * @property: the string property that is each object's id
 *
 * Returns: (transfer full): the ids of @rows, in order
 */
GPtrArray *
bd_gui_test_row_ids (GListModel *rows,
                     const char *property)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; rows != NULL && i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (rows, i);
      char *id = NULL;

      g_object_get (item, property, &id, NULL);
      g_ptr_array_add (ids, id);
    }
  return ids;
}

/**
 * bd_gui_test_find_text_within:
 *
 * Returns: (transfer none) (nullable): the first mapped label or
 *   inscription under @root whose text contains @needle
 */
GtkWidget *
bd_gui_test_find_text_within (GtkWidget  *root,
                              const char *needle)
{
  const char *text = bd_gui_test_text_of (root);

  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (text != NULL && strstr (text, needle) != NULL)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = bd_gui_test_find_text_within (child, needle);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * bd_gui_test_column_header:
 *
 * Returns: (transfer none) (nullable): the header of @view's column
 *   @title (found by its label outside the rows)
 */
GtkWidget *
bd_gui_test_column_header (GtkWidget  *view,
                           const char *title)
{
  if (GTK_IS_LIST_VIEW (view))
    return NULL;
  if (GTK_IS_LABEL (view) && g_str_equal (gtk_label_get_text (GTK_LABEL (view)), title))
    return gtk_widget_get_parent (view);
  for (GtkWidget *child = gtk_widget_get_first_child (view);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = bd_gui_test_column_header (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * bd_gui_test_cell_text:
 * @view: a GtkColumnView
 * @row_text: text that the wanted row shows (an id)
 * @title: the column's title
 *
 * The text of the @title cell in the row on screen that shows @row_text.
 * GTK 4.8 says not which cell is of which column (nor keeps them in the
 * columns' order once one is shown again): the cell is the one under the
 * column's header.
 *
 * Returns: (transfer full) (nullable): its text, %NULL when that row or
 *   column is not drawn
 */
char *
bd_gui_test_cell_text (GtkWidget  *view,
                       const char *row_text,
                       const char *title)
{
  GtkWidget *row = bd_gui_test_find_text_within (view, row_text);
  GtkWidget *header = bd_gui_test_column_header (view, title);
  graphene_rect_t under;

  if (header == NULL || !gtk_widget_compute_bounds (header, view, &under))
    return NULL;
  /* The row is a child of the column view's list view; its children are
   * the cells. */
  while (row != NULL && !GTK_IS_LIST_VIEW (gtk_widget_get_parent (row)))
    row = gtk_widget_get_parent (row);
  for (GtkWidget *cell = row != NULL ? gtk_widget_get_first_child (row) : NULL;
       cell != NULL;
       cell = gtk_widget_get_next_sibling (cell))
    {
      graphene_rect_t bounds;
      float middle;

      if (!gtk_widget_get_mapped (cell) || !gtk_widget_compute_bounds (cell, view, &bounds))
        continue;
      middle = bounds.origin.x + bounds.size.width / 2;
      if (middle > under.origin.x && middle < under.origin.x + under.size.width)
        {
          GtkWidget *text = bd_gui_test_first_text (cell);

          return text != NULL ? g_strdup (bd_gui_test_text_of (text)) : NULL;
        }
    }
  return NULL;
}

typedef struct
{
  GtkLabel   *label;
  const char *expected;
} LabelWait;

static gboolean
label_is (gpointer data)
{
  LabelWait *wait = data;

  return g_strcmp0 (gtk_label_get_text (wait->label), wait->expected) == 0;
}

/**
 * bd_gui_test_wait_for_label:
 *
 * Polls (up to a minute) until @label says @expected, then asserts it.
 */
void
bd_gui_test_wait_for_label (GtkLabel   *label,
                            const char *expected)
{
  LabelWait wait = { label, expected };

  bd_gui_test_poll_for (label_is, &wait, 60);
  g_assert_cmpstr (gtk_label_get_text (label), ==, expected);
}

/**
 * bd_gui_test_column:
 *
 * Returns: (transfer none): @view's column titled @title (fails the test
 *   when there is none)
 */
GtkColumnViewColumn *
bd_gui_test_column (GtkColumnView *view,
                    const char    *title)
{
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_str_equal (gtk_column_view_column_get_title (column), title))
        return column;
    }
  g_error ("no column “%s” shown", title);
}

/**
 * bd_gui_test_strv_equal:
 *
 * Returns: whether two arrays of strings hold the same strings in the same
 *   order
 */
gboolean
bd_gui_test_strv_equal (GPtrArray *a,
                        GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (a->pdata[i], b->pdata[i]) != 0)
      return FALSE;
  return TRUE;
}
