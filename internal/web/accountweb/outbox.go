package accountweb

import (
	"errors"
	"net/http"

	"github.com/folkmoot/folkmoot/internal/apperr"
	"github.com/folkmoot/folkmoot/internal/mail"
	"github.com/folkmoot/folkmoot/internal/web/kit"
)

// outboxList: GET /outbox, anyone, demo only.
func (h *Handler) outboxList(w http.ResponseWriter, r *http.Request) error {
	msgs, err := h.d.Outbox.List()
	if err != nil {
		return err
	}
	h.rd.Render(w, r, http.StatusOK, "outbox", kit.Printer(r).T("Outbox"), struct{ Messages []mail.Message }{msgs})
	return nil
}

// outboxMessage: GET /outbox/{id}, anyone, demo only.
func (h *Handler) outboxMessage(w http.ResponseWriter, r *http.Request) error {
	m, err := h.d.Outbox.Get(r.PathValue("id"))
	if errors.Is(err, mail.ErrNotFound) {
		return apperr.New(apperr.NotFound, "There is no such message in the outbox.")
	}
	if err != nil {
		return err
	}
	h.rd.Page(w, r, http.StatusOK, "outbox_message", &kit.Page{Title: m.Subject, Data: m,
		Breadcrumbs: []kit.Crumb{{Label: kit.Printer(r).T("Outbox"), URL: "/outbox"}}})
	return nil
}
