# Comment and CommentEvent arrive with the comments issue.
