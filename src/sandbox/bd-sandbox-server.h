/* bd-sandbox-server.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bd-sandbox-faults.h"
#include "bd-sandbox-state.h"

G_BEGIN_DECLS

#define BD_TYPE_SANDBOX_SERVER (bd_sandbox_server_get_type ())

G_DECLARE_FINAL_TYPE (BdSandboxServer, bd_sandbox_server, BD, SANDBOX_SERVER, GObject)

/* The HTTP side: a SoupServer on the thread-default main context that
 * answers Dodo's routes from @state and the /_sandbox/ controls.  @api_key
 * is the only bearer key accepted. */
BdSandboxServer *bd_sandbox_server_new        (BdSandboxState   *state,
                                               const char       *api_key);
/* Listens on @address (port 0 picks one).  Returns the base URL, e.g.
 * "http://127.0.0.1:41234".  (transfer full) */
char            *bd_sandbox_server_listen     (BdSandboxServer  *self,
                                               GInetAddress     *address,
                                               guint             port,
                                               GError          **error);
/* (nullable) before listening */
const char      *bd_sandbox_server_get_base_url (BdSandboxServer *self);
BdSandboxFaults *bd_sandbox_server_get_faults (BdSandboxServer  *self);
BdSandboxState  *bd_sandbox_server_get_state  (BdSandboxServer  *self);

G_END_DECLS
