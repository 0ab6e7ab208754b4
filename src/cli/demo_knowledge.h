/* SPDX-License-Identifier: EUPL-1.2 */
/* demo_knowledge: the knowledge base and party part of the demo data (web/demo/knowledge.json). */
#ifndef SL_DEMO_KNOWLEDGE_H
#define SL_DEMO_KNOWLEDGE_H

/* Adds organisations of other helix types and their people, initiatives
 * with closed assessment rounds (one whose ingredients rose between two
 * rounds: the partners' track record), party profiles (one expired),
 * knowledge items, adoptions, reviews and connect requests, inside the
 * caller's transaction, after the base demo data; pw is the demo password.
 * A file that does not load is a bug in the demo data (aborts). */
void demo_knowledge_load(const char *pw);

#endif
