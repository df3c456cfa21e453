package fakeslack

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// MaxAltText is the longest alt_txt Slack takes for an image.
const MaxAltText = 1000

// Upload is a file shared through files.getUploadURLExternal, the upload
// itself and files.completeUploadExternal.
type Upload struct {
	ID, Name, Alt, Title string
	Channel, Thread      string
	Data                 []byte
	// Shared says files.completeUploadExternal shared it to Channel.
	Shared bool
	length int
}

// Uploads returns the files shared so far, in order.
func (s *Server) Uploads() []Upload {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Upload
	for _, id := range s.uploadOrder {
		if u := s.uploads[id]; u.Shared {
			out = append(out, *u)
		}
	}
	return out
}

// getUploadURL answers files.getUploadURLExternal: a file id and where to
// send the bytes.
func (s *Server) getUploadURL(form url.Values) (map[string]any, bool) {
	name := form.Get("filename")
	length, err := strconv.Atoi(form.Get("length"))
	if name == "" || err != nil || length <= 0 {
		return map[string]any{"ok": false, "error": "invalid_arguments"}, true
	}
	if len([]rune(form.Get("alt_txt"))) > MaxAltText {
		return map[string]any{"ok": false, "error": "invalid_arguments"}, true
	}
	s.mu.Lock()
	s.seq++
	id := fmt.Sprintf("F%06d", s.seq)
	s.uploads[id] = &Upload{ID: id, Name: name, Alt: form.Get("alt_txt"), length: length}
	s.uploadOrder = append(s.uploadOrder, id)
	s.mu.Unlock()
	return map[string]any{"ok": true, "upload_url": s.srv.URL + "/upload/" + id, "file_id": id}, false
}

// serveUpload takes a file's bytes as Slack's upload URL does: a
// multipart form with a file part, 200 "OK".
func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	call := Call{Method: "upload", Path: r.URL.Path, At: time.Now()}
	fail := func(status int, msg string) {
		call.Failed = true
		s.record(call)
		http.Error(w, msg, status)
	}
	if strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ") != BotToken {
		fail(http.StatusUnauthorized, "invalid_auth")
		return
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		fail(http.StatusBadRequest, "no file part")
		return
	}
	data, err := io.ReadAll(f)
	if err != nil {
		fail(http.StatusBadRequest, "unreadable file")
		return
	}
	s.mu.Lock()
	u := s.uploads[id]
	ok := u != nil && u.Data == nil && len(data) == u.length
	if ok {
		u.Data = data
	}
	s.mu.Unlock()
	if !ok {
		fail(http.StatusBadRequest, "unknown upload, or not the length announced")
		return
	}
	s.record(call)
	_, _ = io.WriteString(w, "OK - "+strconv.Itoa(len(data)))
}

// completeUpload answers files.completeUploadExternal: the uploaded files
// are shared to the channel (and thread) given.
func (s *Server) completeUpload(form url.Values) (map[string]any, bool) {
	fail := func(code string) (map[string]any, bool) {
		return map[string]any{"ok": false, "error": code}, true
	}
	var files []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(form.Get("files")), &files); err != nil || len(files) == 0 {
		return fail("invalid_arguments")
	}
	channel := form.Get("channel_id")
	s.mu.Lock()
	defer s.mu.Unlock()
	if code := s.gone[channel]; code != "" {
		return fail(code)
	}
	var out []map[string]any
	for _, f := range files {
		u := s.uploads[f.ID]
		if u == nil || u.Data == nil || u.Shared {
			return fail("file_not_found")
		}
		u.Title, u.Channel, u.Thread, u.Shared = f.Title, channel, form.Get("thread_ts"), channel != ""
		out = append(out, map[string]any{"id": u.ID, "title": u.Title})
	}
	s.notify()
	return map[string]any{"ok": true, "files": out}, false
}

// WaitUploads waits until n files were shared and returns them.
func (s *Server) WaitUploads(ctx context.Context, n int) ([]Upload, error) {
	count := func() int {
		k := 0
		for _, u := range s.uploads {
			if u.Shared {
				k++
			}
		}
		return k
	}
	if err := s.wait(ctx, func() bool { return count() >= n }); err != nil {
		return s.Uploads(), fmt.Errorf("waiting for %d uploads: %w", n, err)
	}
	return s.Uploads(), nil
}
