package fakediscord

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"strings"
)

// File is a file uploaded with a message, as a multipart part named
// files[n].
type File struct {
	Field       string // "files[0]"
	Name        string
	ContentType string
	Data        []byte
}

// MaxUpload is the most a bot may upload with one message (Discord's
// 10 MiB for servers without boosts).
const MaxUpload = 10 << 20

func isMultipart(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "multipart/form-data"
}

// readMultipart splits a multipart message body as Discord reads it: the
// JSON in the payload_json part, files in parts named files[n].
func readMultipart(contentType string, body []byte) (payload []byte, files []File, err error) {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil || params["boundary"] == "" {
		return nil, nil, errors.New("multipart body without a boundary")
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	total := 0
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("multipart: %w", err)
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, nil, fmt.Errorf("multipart part %q: %w", p.FormName(), err)
		}
		switch name := p.FormName(); {
		case name == "payload_json":
			payload = data
		case strings.HasPrefix(name, "files[") && strings.HasSuffix(name, "]"):
			if p.FileName() == "" {
				return nil, nil, fmt.Errorf("%s: no filename", name)
			}
			total += len(data)
			files = append(files, File{Field: name, Name: p.FileName(), ContentType: p.Header.Get("Content-Type"), Data: data})
		default:
			return nil, nil, fmt.Errorf("unexpected multipart part %q", name)
		}
	}
	if payload == nil {
		payload = []byte("{}")
	}
	if total > MaxUpload {
		return nil, nil, fmt.Errorf("files: %d bytes, over %d", total, MaxUpload)
	}
	if len(files) > MaxFiles {
		return nil, nil, fmt.Errorf("files: %d, over %d", len(files), MaxFiles)
	}
	return payload, files, nil
}

// MaxFiles is the most files one message may carry.
const MaxFiles = 10

// checkAttachments refuses, as Discord would show a broken image, an embed
// image pointing at attachment://NAME when no uploaded file has that name.
// An interaction callback nests its message under data.
func checkAttachments(pattern string, body []byte, files []File) error {
	if len(body) == 0 || body[0] != '{' {
		return nil
	}
	var m Message
	if pattern == RouteCallback {
		var r struct {
			Data *Message `json:"data"`
		}
		if json.Unmarshal(body, &r) != nil || r.Data == nil {
			return nil
		}
		m = *r.Data
	} else if json.Unmarshal(body, &m) != nil {
		return nil
	}
	for i, e := range m.Embeds {
		if e.Image == nil {
			continue
		}
		name, ok := strings.CutPrefix(e.Image.URL, "attachment://")
		if !ok {
			continue
		}
		found := false
		for _, f := range files {
			found = found || f.Name == name
		}
		if !found {
			return fmt.Errorf("embeds[%d].image: attachment %q was not uploaded", i, name)
		}
	}
	return nil
}
