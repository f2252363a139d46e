module example.org/fix

go 1.26
