package sealed

// Place names where a sealed value is stored: a table, a column and the
// row's own key (a lookup token, a random reference, a token hash). Its
// associated data binds the ciphertext to that place, so a value copied
// into another column or row does not open. Every personal field of the
// database is sealed for its Place: users' email addresses
// ("users.email_sealed:<lookup>"), and every field of recruitment
// (addresses, codes, names, contact details, dates of birth, answers).
type Place struct {
	Table, Column, Row string
}

// AD returns the associated data for the place: "table.column:row".
func (p Place) AD() string { return p.Table + "." + p.Column + ":" + p.Row }

// SealIn seals plaintext for place p. An empty plaintext stays empty (an
// absent or erased value), so that "nothing given" needs no ciphertext.
func (k *Keys) SealIn(p Place, plaintext string) (string, error) {
	if plaintext == "" {
		return "", nil
	}
	return k.Seal(plaintext, p.AD())
}

// OpenIn opens a value sealed by SealIn for the same place; an empty value
// opens to "".
func (k *Keys) OpenIn(p Place, sealedText string) (string, error) {
	if sealedText == "" {
		return "", nil
	}
	return k.Open(sealedText, p.AD())
}
