package csvin

import (
	"strings"
	"testing"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/sortition"
)

const paperQuotas = "category,feature,min,max\ngender,female,9,20\ngender,male,9,20\nleaning,liberal,9,20\nleaning,conservative,9,20"
const sfQuotas = "feature,value,min,max,min_flex,max_flex\nGender,Female,11,12,0,12\nGender,Male,10,11,0,12"

func TestReadQuotasFormats(t *testing.T) {
	cats, f, err := ReadQuotas(strings.NewReader(paperQuotas), "c.csv")
	if err != nil || f != Paper || len(cats) != 2 || cats[1].Values[1].Name != "conservative" || cats[0].Values[0].MaxFlex != NoMaxFlex {
		t.Fatalf("paper: %v %v %+v", err, f, cats)
	}
	cats, f, err = ReadQuotas(strings.NewReader("\ufeff"+sfQuotas), "f.csv")
	if err != nil || f != SF || len(cats) != 1 || cats[0].Values[1].MaxFlex != 12 || cats[0].Values[0].Line != 2 {
		t.Fatalf("sf: %v %v %+v", err, f, cats)
	}
}

func TestReadErrorsNameFileLineValue(t *testing.T) {
	tests := []struct {
		name, quotas, people, want string
	}{
		{"min above max", "category,feature,min,max\ng,f,3,2", "", "q.csv:2: g:f: min 3 > max 2"},
		{"bad number", "category,feature,min,max\ng,f,x,2", "", `q.csv:2: min: "x" is not a whole number`},
		{"bad header", "a,b,c\n1,2,3", "", "neither"},
		{"duplicate value", "category,feature,min,max\ng,f,1,2\ng,F ,1,2", "", "q.csv:3: g:F repeats line 2"},
		{"unknown value", paperQuotas, "gender,leaning\nfemale,liberal\nmale,green", `p.csv:3: column leaning: unknown value "green"`},
		{"missing column", paperQuotas, "gender\nfemale", `no column for category "leaning"`},
		{"short row", paperQuotas, "gender,leaning\nfemale", "p.csv:2: 1 fields, the header has 2"},
		{"duplicate id", paperQuotas, "id,gender,leaning\na,female,liberal\na,male,liberal", `p.csv:3: id "a" repeats line 2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cats, _, err := ReadQuotas(strings.NewReader(tt.quotas), "q.csv")
			if err == nil {
				_, err = ReadPeople(strings.NewReader(tt.people), cats, PeopleOptions{File: "p.csv"})
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want it to contain %q", err, tt.want)
			}
			if apperr.KindOf(err) != apperr.Invalid {
				t.Fatalf("kind %v, want invalid", apperr.KindOf(err))
			}
		})
	}
}

func TestReadPeopleIDsCaseAndHouseholds(t *testing.T) {
	cats, _, _ := ReadQuotas(strings.NewReader(paperQuotas), "c.csv")
	ps, err := ReadPeople(strings.NewReader("nationbuilder_id,Gender,leaning,addr\nx1, Female ,LIBERAL,1 High St\nx2,male,conservative,1 high st\nx3,male,liberal,"),
		cats, PeopleOptions{File: "p.csv", AddressColumns: []string{"addr"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []sortition.Person{{ID: "x1", Values: []int{0, 0}, Household: 0}, {ID: "x2", Values: []int{1, 1}, Household: 0}, {ID: "x3", Values: []int{1, 0}, Household: -1}}
	for i := range want {
		if ps[i].ID != want[i].ID || ps[i].Household != want[i].Household || ps[i].Values[0] != want[i].Values[0] || ps[i].Values[1] != want[i].Values[1] {
			t.Fatalf("person %d = %+v, want %+v", i, ps[i], want[i])
		}
	}
}

func FuzzReadQuotas(f *testing.F) {
	f.Add(paperQuotas)
	f.Add(sfQuotas)
	f.Add("category,name,min,max\n\"a,b\",c,1,1")
	f.Fuzz(func(t *testing.T, s string) {
		cats, _, err := ReadQuotas(strings.NewReader(s), "q.csv")
		if err != nil {
			return
		}
		for _, c := range cats {
			for _, v := range c.Values {
				if v.Min < 0 || v.Min > v.Max || v.MinFlex > v.Min || v.MaxFlex < v.Max {
					t.Fatalf("accepted bad quota %+v", v)
				}
			}
		}
	})
}

func FuzzReadPeople(f *testing.F) {
	cats, _, _ := ReadQuotas(strings.NewReader(paperQuotas), "c.csv")
	f.Add("gender,leaning\nfemale,liberal\nmale,conservative")
	f.Add("id,gender,leaning,addr\n1,FEMALE,liberal,a\n2,male,liberal,A ")
	f.Fuzz(func(t *testing.T, s string) {
		ps, err := ReadPeople(strings.NewReader(s), cats, PeopleOptions{File: "p.csv", AddressColumns: nil})
		if err != nil {
			return
		}
		ids := map[string]bool{}
		for _, p := range ps {
			if ids[p.ID] || len(p.Values) != 2 || p.Values[0] < 0 || p.Values[0] > 1 || p.Values[1] < 0 || p.Values[1] > 1 {
				t.Fatalf("bad person %+v", p)
			}
			ids[p.ID] = true
		}
	})
}
