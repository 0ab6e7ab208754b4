/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * oidc_pem: an organisation's private client key (private_key_jwt) given as
 * a PEM file, as most key tools and providers hand it out, read with
 * OpenSSL into a private JWK for oidc_client_key_import (which then checks
 * the kind and size and that the key signs).
 */
#ifndef SL_DOMAIN_OIDC_PEM_H
#define SL_DOMAIN_OIDC_PEM_H

#include <stddef.h>

/* The one private key in text: PKCS#8 "BEGIN PRIVATE KEY", or
 * "BEGIN RSA PRIVATE KEY" / "BEGIN EC PRIVATE KEY", RSA of 2048 to 8192 bits
 * or EC P-256. The private JWK as JSON text (the caller wipes and frees it),
 * or NULL with *why the catalogue key of the problem (err.sso.pem_*, or
 * err.sso.key_kind) and *line the line (from 1) it is on. Encrypted keys,
 * public keys and certificates are refused by name. */
char *oidc_pem_private_jwk(const char *text, size_t len, const char **why, int *line);

/* 1 when text looks like PEM (its first non-blank characters are
 * "-----BEGIN "), so a field that takes a JWK or a PEM can tell them apart. */
int oidc_pem_like(const char *text, size_t len);

#endif
