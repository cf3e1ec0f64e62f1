package io.capstan.console.shell;

/** Tells the user something while they look elsewhere: a job ended while the window was not focused. */
public interface Notifier {

    void notify(String title, String body);
}
