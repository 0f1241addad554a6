/*
 * limbvol/limbvol.h - everything in liblimbvol.
 *
 * liblimbvol measures swollen limbs: volume from tape circumferences or from
 * silhouette widths, with its uncertainty, and the clinical metrics that
 * follow lymphedema and edema over time.  All lengths are in cm, volumes in
 * mL (= cm^3); names say their unit.
 */
#ifndef LIMBVOL_LIMBVOL_H
#define LIMBVOL_LIMBVOL_H

#include "limbvol/version.h"
#include "limbvol/error.h"
#include "limbvol/alloc.h"
#include "limbvol/vocab.h"
#include "limbvol/number.h"
#include "limbvol/profile.h"
#include "limbvol/volume.h"
#include "limbvol/metrics.h"
#include "limbvol/plausible.h"
#include "limbvol/assess.h"
#include "limbvol/silhouette.h"
#include "limbvol/mask.h"
#include "limbvol/tape_csv.h"
#include "limbvol/profile_plot.h"
#include "limbvol/store.h"
#include "limbvol/alerts.h"
#include "limbvol/garment.h"
#include "limbvol/trend.h"
#include "limbvol/report_page.h"
#include "limbvol/csv.h"
#include "limbvol/exchange.h"
#include "limbvol/json.h"
#include "limbvol/mat3.h"
#include "limbvol/text.h"

#endif
