package voting

func Approval(e *Election, o Options) *Result  { return nil }
func Borda(e *Election, o Options) *Result     { return nil }
func Schulze(e *Election, o Options) *Result   { return nil }
func Agreement(e *Election, o Options) *Result { return nil }
