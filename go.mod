module github.com/folkmoot/folkmoot

go 1.24.0
