/* bd-gui-test.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bd-application.h"
#include "bd-keyring.h"
#include "bd-page.h"
#include "bd-test-sandbox.h"

G_BEGIN_DECLS

/* What the GUI test programs share: they open real windows on a real
 * display (Xvfb in CI), iterate the main loop until something holds (never
 * a fixed sleep), and assert on what is on screen. */

/* Opens the display and initialises libadwaita, with animations off so
 * each step a test takes is final.  Returns FALSE without a display. */
gboolean   bd_gui_test_init_display   (void);

/* A new private folder whose "config" and "data" are the program's
 * XDG_CONFIG_HOME and XDG_DATA_HOME: call it before anything reads them
 * (GLib caches the XDG folders), and remove it at the end.  @name: a
 * g_dir_make_tmp() template.  (transfer full) */
char      *bd_gui_test_private_home   (const char *name);

/* The built billing-desk-sandbox (under $BD_BUILD_ROOT).  (transfer full) */
char      *bd_gui_test_sandbox_path   (void);

/* After g_test_init(): with a display, the application, registered and
 * non-unique (a test must not meet a running Billing Desk on the session
 * bus); NULL without a display.  (transfer full) (nullable) */
BdApplication *bd_gui_test_new_app    (void);

/* TRUE when there is a display; otherwise skips the test (fails in CI). */
gboolean   bd_gui_test_require_display (void);

/* Iterates the main context until @cond (@data) holds; fails the test
 * after @seconds. */
void       bd_gui_test_wait_for_at    (gboolean  (*cond) (gpointer),
                                       gpointer    data,
                                       guint       seconds,
                                       const char *where);
#define bd_gui_test_wait_for(cond, data, seconds) \
  bd_gui_test_wait_for_at ((cond), (data), (seconds), G_STRLOC)

/* The same for conditions nothing wakes the main loop for (files, other
 * processes): it looks again every 50 ms. */
void       bd_gui_test_poll_for_at    (gboolean  (*cond) (gpointer),
                                       gpointer    data,
                                       guint       seconds,
                                       const char *where);
#define bd_gui_test_poll_for(cond, data, seconds) \
  bd_gui_test_poll_for_at ((cond), (data), (seconds), G_STRLOC)

gboolean   bd_gui_test_is_mapped      (gpointer    widget);

/* The text of a label or of an inscription (the lists' cells), else NULL. */
const char *bd_gui_test_text_of       (GtkWidget  *widget);
/* The first label or inscription under @root, mapped or not, depth first.
 * (transfer none) (nullable) */
GtkWidget  *bd_gui_test_first_text    (GtkWidget  *root);
gboolean   bd_gui_test_is_unmapped    (gpointer    widget);

/* Presents @window and waits until it is on screen.  (transfer none) */
GtkWindow *bd_gui_test_present        (GtkWindow  *window);

/* Destroys @window and waits until it is finalized. */
void       bd_gui_test_close          (GtkWindow  *window);

/* Depth-first search for a widget of @type whose string @property is
 * @value, or of @type only when @property is NULL.  (transfer none) */
GtkWidget *bd_gui_test_find_widget    (GtkWidget  *root,
                                       GType       type,
                                       const char *property,
                                       const char *value);

/* With BD_TEST_SCREENSHOT_DIR set, leaves pictures of @window there, in
 * light and dark, at @width × @height (0 × 0: its size when drawn, and
 * not with @narrow_too): NAME-light.png
 * and NAME-dark.png; with @narrow_too also 400 wide, as
 * NAME-{wide,narrow}-{light,dark}.png. */
void       bd_gui_test_save_screens   (GtkWidget  *window,
                                       const char *name,
                                       int         width,
                                       int         height,
                                       gboolean    narrow_too);

/* Conditions for bd_gui_test_wait_for (): whether *@pointer_to_pointer is
 * NULL (a weak pointer: the window has gone) or set. */
gboolean   bd_gui_test_is_null        (gpointer    pointer_to_pointer);
gboolean   bd_gui_test_is_not_null    (gpointer    pointer_to_pointer);

/* Whether the BdWindow @window has an account open. */
gboolean   bd_gui_test_window_has_account (gpointer window);

/* TRUE when billing-desk-sandbox is built at @path; otherwise skips the
 * test (fails in CI). */
gboolean   bd_gui_test_require_sandbox (const char *path);

/* The button under @root labelled @label (with its mnemonic); fails the
 * test when there is none.  (transfer none) */
GtkWidget *bd_gui_test_find_button    (GtkWidget  *root,
                                       const char *label);

/* The first mapped toplevel window of @type, or NULL.  (transfer none) */
GtkWidget *bd_gui_test_find_toplevel  (GType       type);

/* Waits until a toplevel window of @type is mapped and returns it; fails
 * the test after 60 s.  (transfer none) */
GtkWidget *bd_gui_test_wait_for_toplevel (GType    type);

/* The API key of the account @account_id in @mode from the keyring,
 * waiting for the lookup; NULL when there is none.  (transfer full) */
BdSecret  *bd_gui_test_lookup_key     (const char    *account_id,
                                       BdAccountMode  mode);

/* An account named @name on @server's address, with @key as its API key in
 * the keyring (waiting for the store), added to @app's list.
 * (transfer none) */
BdAccount *bd_gui_test_add_sandbox_account (BdApplication *app,
                                            const char    *name,
                                            BdTestSandbox *server,
                                            const char    *key);

/* Depth-first: the first mapped label under @root whose text contains
 * @needle, or NULL.  (transfer none) */
GtkWidget *bd_gui_test_find_text      (GtkWidget  *root,
                                       const char *needle);

/* Iterates the main context until a mapped label under @root contains
 * @needle; fails the test after 60 s. */
void       bd_gui_test_wait_for_text  (GtkWidget  *root,
                                       const char *needle);

/* The first widget of @type under @root with the CSS class @css_class, or
 * NULL.  (transfer none) */
GtkWidget *bd_gui_test_find_with_class (GtkWidget  *root,
                                        GType       type,
                                        const char *css_class);

/* Chooses the item of @dropdown (a GtkStringList) that reads @text, as a
 * click in its popover does; fails the test when there is none. */
void       bd_gui_test_select_string  (GtkDropDown *dropdown,
                                       const char  *text);

/* Words the way the cache's full-text search cuts them: letters and
 * digits, lower case, accents dropped.  (transfer full) */
char     **bd_gui_test_search_words   (const char *text);

/* Whether every word of @search begins a word of @text: what the cache's
 * search finds (a row matches when its searched columns, joined, do). */
gboolean   bd_gui_test_search_matches (const char *text,
                                       const char *search);

BdApplication *bd_gui_test_app_begin (int             *argc,
                                      char          ***argv,
                                      const char      *home_template,
                                      char           **home);
int            bd_gui_test_app_end   (int              ret,
                                      BdApplication  **app,
                                      GtkWindow      **window,
                                      char           **home);

GPtrArray     *bd_gui_test_row_ids           (GListModel  *rows,
                                               const char  *property);
GtkWidget     *bd_gui_test_find_text_within  (GtkWidget   *root,
                                               const char  *needle);
GtkWidget     *bd_gui_test_column_header     (GtkWidget   *view,
                                               const char  *title);
char          *bd_gui_test_cell_text         (GtkWidget   *view,
                                               const char  *row_text,
                                               const char  *title);
GtkColumnViewColumn *bd_gui_test_column      (GtkColumnView *view,
                                               const char    *title);
gboolean       bd_gui_test_strv_equal        (GPtrArray   *a,
                                               GPtrArray   *b);
void           bd_gui_test_wait_for_label    (GtkLabel    *label,
                                               const char  *expected);

/* The smallest BdPage (bd-gui-test.c). */
#define BD_TYPE_GUI_TEST_PAGE (bd_gui_test_page_get_type ())
G_DECLARE_FINAL_TYPE (BdGuiTestPage, bd_gui_test_page, BD, GUI_TEST_PAGE, AdwBin)

BdGuiTestPage *bd_gui_test_page_new           (const char    *title,
                                               const char    *body);
guint          bd_gui_test_page_get_refreshes (BdGuiTestPage *self);
const char    *bd_gui_test_page_get_shown_id  (BdGuiTestPage *self);

G_END_DECLS
