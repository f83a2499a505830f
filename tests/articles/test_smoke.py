def test_front_page_renders(client, db):
    from tests.factories import make_article

    make_article(title="Hello world")
    response = client.get("/")
    assert response.status_code == 200
    assert b"Hello world" in response.content
