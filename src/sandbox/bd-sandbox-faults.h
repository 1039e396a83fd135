/* bd-sandbox-faults.h
 *
 * Copyright 2026 The Billing Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Fault injection.  A SPEC is rules separated by ';', each rule a
 * comma-separated list of key=value:
 *
 *   route=[METHOD ]GLOB   which requests (GLOB matches the path, '*' and '?';
 *                         no METHOD: any method).  Required.
 *   fault=KIND            latency | 500 | 502 | 503 | 429 | truncate |
 *                         malformed | drop-before | drop-after.  Required.
 *   ms=N                  latency: the delay (default 500)
 *   retry_after=N         429 and 503: the Retry-After seconds (default 1;
 *                         0 leaves the header out)
 *   rate=F                fire on this fraction of matching requests (0..1)
 *   count=N               fire on the next N matching requests, then stop
 *
 * With neither rate nor count a rule fires on every matching request.  The
 * first rule that fires decides; a request gets at most one fault.  Routes
 * under /_sandbox/ never get faults. */

typedef enum
{
  BD_SANDBOX_FAULT_LATENCY,
  BD_SANDBOX_FAULT_STATUS,        /* 500, 502, 503, 429 */
  BD_SANDBOX_FAULT_TRUNCATE,
  BD_SANDBOX_FAULT_MALFORMED,
  BD_SANDBOX_FAULT_DROP_BEFORE,
  BD_SANDBOX_FAULT_DROP_AFTER,
} BdSandboxFaultKind;

typedef struct
{
  BdSandboxFaultKind  kind;
  guint               status;       /* STATUS */
  guint               latency_ms;   /* LATENCY */
  guint               retry_after;  /* seconds; 0 = no header */
} BdSandboxFault;

typedef struct _BdSandboxFaults BdSandboxFaults;

BdSandboxFaults *bd_sandbox_faults_new       (guint64           seed);
void             bd_sandbox_faults_free      (BdSandboxFaults  *self);
/* Adds the rules of @spec; on error adds none. */
gboolean         bd_sandbox_faults_add_spec  (BdSandboxFaults  *self,
                                              const char       *spec,
                                              GError          **error);
void             bd_sandbox_faults_clear     (BdSandboxFaults  *self);
/* The fault for this request, or FALSE; counts it against its rule. */
gboolean         bd_sandbox_faults_pick      (BdSandboxFaults  *self,
                                              const char       *method,
                                              const char       *path,
                                              BdSandboxFault   *fault);
/* The rules and how often each fired.  (transfer full) */
JsonNode        *bd_sandbox_faults_to_json   (BdSandboxFaults  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdSandboxFaults, bd_sandbox_faults_free)

G_END_DECLS
