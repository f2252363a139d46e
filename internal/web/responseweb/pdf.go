package responseweb

import (
	_ "embed"
	"io"
	"strconv"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/folkmoot/folkmoot/internal/cycle"
	"github.com/folkmoot/folkmoot/internal/i18n"
	"github.com/folkmoot/folkmoot/internal/response"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// DejaVu Sans (fonts/README.md): fpdf's core fonts have no ŵ or ŷ.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

// PDFOptions change how the PDF is written.
type PDFOptions struct {
	Compress bool      // compress page content (false: the text can be read in the file, for tests)
	Now      time.Time // the creation date written in the file
}

// The colours of the NHS.UK frontend.
var (
	nhsBlue  = [3]int{0, 94, 184}
	nhsGreen = [3]int{0, 127, 59}
	nhsGrey  = [3]int{216, 221, 224}
	nhsText  = [3]int{33, 43, 50}
)

const (
	pdfMargin = 18.0
	font      = "DejaVu"
)

// StocktakePDF writes the stocktake report as a PDF in p's language: the
// meeting, the two charts as bars with their numbers, and every
// commitment under its theme and recommendation.
func StocktakePDF(w io.Writer, p *i18n.Printer, c cycle.Cycle, st response.Stocktake, rep response.Report, o PDFOptions) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(o.Compress)
	if !o.Now.IsZero() {
		pdf.SetCreationDate(o.Now)
		pdf.SetModificationDate(o.Now)
	}
	pdf.AddUTF8FontFromBytes(font, "", fontRegular)
	pdf.AddUTF8FontFromBytes(font, "B", fontBold)
	title := p.T("Stocktake report: %s", c.Title)
	pdf.SetTitle(title, true)
	pdf.SetLang(p.Lang().Tag())
	pdf.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	pdf.SetAutoPageBreak(true, pdfMargin)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont(font, "", 8)
		pdf.SetTextColor(nhsText[0], nhsText[1], nhsText[2])
		pdf.CellFormat(0, 5, p.T("Page %d", pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pageW, pageH := pdf.GetPageSize()
	width := pageW - 2*pdfMargin
	ensure := func(h float64) {
		if pdf.GetY()+h > pageH-pdfMargin {
			pdf.AddPage()
		}
	}
	text := func(size float64, style, s string, lineH float64) {
		pdf.SetFont(font, style, size)
		pdf.MultiCell(width, lineH, s, "", "L", false)
	}
	heading := func(size float64, s string) {
		ensure(20)
		pdf.Ln(3)
		pdf.SetTextColor(nhsBlue[0], nhsBlue[1], nhsBlue[2])
		text(size, "B", s, size*0.5)
		pdf.SetTextColor(nhsText[0], nhsText[1], nhsText[2])
		pdf.Ln(1)
	}
	bar := func(label string, n, max int, value string) {
		ensure(8)
		y := pdf.GetY()
		pdf.SetFont(font, "", 9)
		pdf.SetXY(pdfMargin, y)
		pdf.CellFormat(70, 6, shorten(label, 40), "", 0, "L", false, 0, "")
		barW := width - 70 - 20
		pdf.SetFillColor(nhsGrey[0], nhsGrey[1], nhsGrey[2])
		pdf.Rect(pdfMargin+70, y+1, barW, 4, "F")
		if max > 0 && n > 0 {
			pdf.SetFillColor(nhsGreen[0], nhsGreen[1], nhsGreen[2])
			pdf.Rect(pdfMargin+70, y+1, barW*float64(n)/float64(max), 4, "F")
		}
		pdf.SetXY(pdfMargin+width-18, y)
		pdf.CellFormat(18, 6, value, "", 1, "R", false, 0, "")
		pdf.SetX(pdfMargin)
	}

	pdf.SetTextColor(nhsText[0], nhsText[1], nhsText[2])
	text(18, "B", title, 9)
	pdf.Ln(2)
	text(10, "", p.T("The review and stocktake meeting was held on %s at %s. This report was published on %s.", p.Date(st.Held), st.Place, p.Date(st.Published)), 5)
	pdf.Ln(2)
	text(10, "", st.Notes, 5)
	heading(13, p.T("Overall progress: %s", pct(rep.Progress)))
	text(10, "", p.N(rep.Commitments, "%d commitment", "%d commitments")+" · "+p.N(len(rep.Recs), "%d recommendation answered", "%d recommendations answered"), 5)

	heading(13, p.T("Progress by theme"))
	for _, t := range rep.Themes {
		bar(t.Title, t.Progress, 100, pct(t.Progress))
	}
	heading(13, p.T("Commitments by status"))
	max := 1
	for _, n := range rep.Counts {
		max = maxInt(max, n.N)
	}
	for _, n := range rep.Counts {
		bar(n.LabelIn(p.Lang()), n.N, max, p.Number(n.N))
	}

	for _, t := range rep.Themes {
		heading(14, t.Title)
		text(10, "", p.T("Progress: %s", pct(t.Progress)), 5)
		for _, rr := range t.Recs {
			ensure(25)
			pdf.Ln(2)
			text(11, "B", p.T("Recommendation %d", rr.ID), 5.5)
			text(10, "", rr.Text, 5)
			if rr.Chosen != "" {
				text(10, "", p.T("Chosen: %s", rr.Chosen), 5)
			}
			if a := rr.Answer; a != nil {
				text(10, "B", kit.Msg(p, a.Decision.Label()), 5)
				text(9, "", a.ReasonsIn(p.Lang()), 4.5)
			} else {
				text(10, "B", p.T("Not answered yet"), 5)
			}
			for _, cm := range rr.Commitments {
				ensure(22)
				pdf.Ln(1.5)
				text(10, "B", cm.Title, 5)
				text(9, "", p.T("Owner: %s", cm.Owner)+" · "+p.T("Due: %s", p.Date(cm.Due)), 4.5)
				text(9, "", p.T("Measure of success: %s", cm.Measure), 4.5)
				bar(statusLabel(rep.Statuses, cm.Status, p.Lang()), cm.Progress, 100, pct(cm.Progress))
				if u, ok := cm.LastUpdate(); ok {
					text(9, "", p.T("Last update, %s: %s", p.Date(u.At), u.Text), 4.5)
				}
			}
		}
	}
	if err := pdf.Error(); err != nil {
		return err
	}
	return pdf.Output(w)
}

func pct(n int) string { return strconv.Itoa(n) + "%" }
