/* SPDX-License-Identifier: EUPL-1.2 */
#ifndef SL_VERSION_H
#define SL_VERSION_H
#define SCALELAB_VERSION "0.1.0"
#define SCALELAB_API_VERSION "1.0.0"
#endif
