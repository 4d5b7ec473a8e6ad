/** Test-only support shared by the modules' tests. Never a runtime dependency. */
package dev.salle.testkit;
