/**
 * One leading fleet manager per database: a lease row in the database ({@link dev.salle.fleet.lease.LeaderLease}),
 * renewed by its holder and taken over when it expires ({@link dev.salle.fleet.lease.Leadership}), and the
 * fence ({@link dev.salle.fleet.lease.Term}) a leader's writes check in their own transaction.
 */
package dev.salle.fleet.lease;
