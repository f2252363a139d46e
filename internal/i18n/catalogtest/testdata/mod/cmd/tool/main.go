// Command tool speaks English to operators.
package main

import "example.org/fix/internal/apperr"

func main() { _ = apperr.New(apperr.Invalid, "operator message") }
