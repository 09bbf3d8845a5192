module github.com/ccpdesk/ccpdesk

go 1.26
