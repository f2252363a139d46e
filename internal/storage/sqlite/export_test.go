package sqlite

// FaultOf is faultOf, for tests.
var FaultOf = faultOf
